/* The worker (a sample file is loaded off the audio thread) and state save/restore. */
#include "siren_lv2.h"

LV2_Worker_Status work(LV2_Handle h, LV2_Worker_Respond_Function respond, LV2_Worker_Respond_Handle rh, uint32_t size, const void *data) {
    (void) respond; (void) rh;
    Instance *in = h;
    char *file = strndup(data, size);
    JNIEnv *env = env_for_thread();
    if ((*env)->PushLocalFrame(env, 8) != 0) { free(file); return LV2_WORKER_ERR_UNKNOWN; }
    int ok = java_ok(env, (*env)->CallStaticObjectMethod(env, bridge, m_load, in->handle, (*env)->NewStringUTF(env, file)));
    (*env)->PopLocalFrame(env, NULL);
    free(file);
    return ok ? LV2_WORKER_SUCCESS : LV2_WORKER_ERR_UNKNOWN;
}

LV2_Worker_Status work_response(LV2_Handle h, uint32_t size, const void *body) { (void) h; (void) size; (void) body; return LV2_WORKER_SUCCESS; }

static const LV2_Feature *feature(const LV2_Feature *const *features, const char *uri) {
    for (int i = 0; features && features[i]; i++) if (!strcmp(features[i]->URI, uri)) return features[i];
    return NULL;
}

/* a path as the host wants it saved (abstract: it may point into the project) or the file it names (absolute) */
static char *map_path(const LV2_Feature *const *features, const char *path, int absolute) {
    const LV2_Feature *f = feature(features, LV2_STATE__mapPath);
    LV2_State_Map_Path *mp = f ? f->data : NULL;
    if (!mp) return strdup(path);
    return absolute ? mp->absolute_path(mp->handle, path) : mp->abstract_path(mp->handle, path);
}

static void free_path(const LV2_Feature *const *features, char *path) {
    const LV2_Feature *f = feature(features, LV2_STATE__freePath);
    if (f) ((LV2_State_Free_Path *) f->data)->free_path(((LV2_State_Free_Path *) f->data)->handle, path);
    else free(path);
}

static void store_bytes(JNIEnv *env, LV2_State_Store_Function store, LV2_State_Handle sh, LV2_URID key, LV2_URID type, jbyteArray bytes) {
    if (!bytes) return;
    jsize n = (*env)->GetArrayLength(env, bytes);
    jbyte *b = (*env)->GetByteArrayElements(env, bytes, NULL);
    store(sh, key, b, (size_t) n, type, LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE);
    (*env)->ReleaseByteArrayElements(env, bytes, b, JNI_ABORT);
}

/* state: the plugin's own state bytes; for the sampler also its sample file (a path the host may map into the
   project) and the fitted SIREN, so a project opened elsewhere plays without refitting */
LV2_State_Status save(LV2_Handle h, LV2_State_Store_Function store, LV2_State_Handle sh, uint32_t flags, const LV2_Feature *const *features) {
    (void) flags;
    Instance *in = h;
    if (!in->key_state) return LV2_STATE_ERR_NO_FEATURE;
    JNIEnv *env = env_for_thread();
    if ((*env)->PushLocalFrame(env, 8) != 0) return LV2_STATE_ERR_UNKNOWN;
    store_bytes(env, store, sh, in->key_state, in->atom_chunk, (*env)->CallStaticObjectMethod(env, bridge, m_state, in->handle));
    jstring sample = in->e->sample ? (*env)->CallStaticObjectMethod(env, bridge, m_sample, in->handle) : NULL;
    if (sample) {
        const char *abs = (*env)->GetStringUTFChars(env, sample, NULL);
        char *p = map_path(features, abs, 0);
        store(sh, in->key_sample, p, strlen(p) + 1, in->atom_path, LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE);
        free_path(features, p);
        (*env)->ReleaseStringUTFChars(env, sample, abs);
        store_bytes(env, store, sh, in->key_analysis, in->atom_chunk, (*env)->CallStaticObjectMethod(env, bridge, m_analysis, in->handle));
    }
    int ok = java_ok(env, NULL);
    (*env)->PopLocalFrame(env, NULL);
    return ok ? LV2_STATE_SUCCESS : LV2_STATE_ERR_UNKNOWN;
}

static jbyteArray fetch_bytes(JNIEnv *env, LV2_State_Retrieve_Function retrieve, LV2_State_Handle sh, LV2_URID key, LV2_URID want) {
    size_t size; uint32_t type, flags;
    const void *v = retrieve(sh, key, &size, &type, &flags);
    if (!v || type != want) return NULL;
    jbyteArray a = (*env)->NewByteArray(env, (jsize) size);
    (*env)->SetByteArrayRegion(env, a, 0, (jsize) size, v);
    return a;
}

LV2_State_Status restore(LV2_Handle h, LV2_State_Retrieve_Function retrieve, LV2_State_Handle sh, uint32_t flags, const LV2_Feature *const *features) {
    (void) flags;
    Instance *in = h;
    if (!in->key_state) return LV2_STATE_ERR_NO_FEATURE;
    JNIEnv *env = env_for_thread();
    if ((*env)->PushLocalFrame(env, 8) != 0) return LV2_STATE_ERR_UNKNOWN;
    jbyteArray state = fetch_bytes(env, retrieve, sh, in->key_state, in->atom_chunk), analysis = NULL;
    jstring sample = NULL;
    size_t size; uint32_t type, vflags;
    const char *p = in->e->sample ? retrieve(sh, in->key_sample, &size, &type, &vflags) : NULL;
    if (p && type == in->atom_path) {
        char *abs = map_path(features, p, 1);
        sample = (*env)->NewStringUTF(env, abs);
        free_path(features, abs);
        analysis = fetch_bytes(env, retrieve, sh, in->key_analysis, in->atom_chunk);
    }
    int ok = java_ok(env, (*env)->CallStaticObjectMethod(env, bridge, m_restore, in->handle, state, sample, analysis));
    (*env)->PopLocalFrame(env, NULL);
    return ok ? LV2_STATE_SUCCESS : LV2_STATE_ERR_UNKNOWN;
}
