/* siren4j LV2 shim: starts (or reuses) a JVM in the host process and forwards LV2 calls to
   org.siren4j.plugins.lv2.Lv2Bridge. The bundle's siren-plugins.txt lists the plugins and their ports:
   "URI ID AUDIO_IN AUDIO_OUT CONTROLS MIDI LATENCY SAMPLE" (MIDI 1: an atom input after the audio ports; LATENCY 1:
   a latency output after the controls; SAMPLE 1: the plugin plays a sample file, set by patch:Set and saved in the
   state); classpath.txt the jars; jvm.txt the path of libjvm.so.
   Every entry point but run pushes a JNI local frame: the host's threads stay attached, and local references
   made outside a Java call would otherwise live as long as the thread. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lv2/core/lv2.h>
#include <lv2/atom/atom.h>
#include <lv2/atom/util.h>
#include <lv2/midi/midi.h>
#include <lv2/patch/patch.h>
#include <lv2/state/state.h>
#include <lv2/urid/urid.h>
#include <lv2/worker/worker.h>

#define MAX_PLUGINS 32
#define MAX_PORTS 64
#define MAX_BLOCK 8192
#define MAX_NOTES 512

typedef struct { char uri[256]; char id[64]; int ain, aout, ctl, midi, lat, sample; LV2_Descriptor d; } Entry;
static Entry entries[MAX_PLUGINS];
static int n_entries = -1;
static char bundle_dir[4096];
static JavaVM *jvm;
static jclass bridge;
static jmethodID m_inst, m_run, m_free, m_activate, m_deactivate, m_latency, m_load, m_state, m_sample, m_analysis, m_restore;

typedef struct {
    Entry *e; jlong handle; float *ports[MAX_PORTS]; float latency;
    jfloatArray audio; jfloatArray controls; jintArray notes;
    LV2_URID midi_event, atom_object, atom_blank, atom_urid, atom_path, atom_chunk, patch_set, patch_property, patch_value;
    LV2_URID key_state, key_sample, key_analysis;
    LV2_Worker_Schedule *schedule;
    jint note_buf[4 * MAX_NOTES];
} Instance;

static void load_entries(void) {
    if (n_entries >= 0) return;
    n_entries = 0;
    Dl_info info;
    if (!dladdr((void *) &load_entries, &info)) return;
    strncpy(bundle_dir, info.dli_fname, sizeof bundle_dir - 1);
    char *slash = strrchr(bundle_dir, '/');
    if (slash) *slash = 0;
    char path[4200];
    snprintf(path, sizeof path, "%s/siren-plugins.txt", bundle_dir);
    FILE *f = fopen(path, "r");
    if (!f) return;
    while (n_entries < MAX_PLUGINS) {
        Entry *e = &entries[n_entries];
        if (fscanf(f, "%255s %63s %d %d %d %d %d %d", e->uri, e->id, &e->ain, &e->aout, &e->ctl, &e->midi, &e->lat, &e->sample) != 8) break;
        n_entries++;
    }
    fclose(f);
}

static JNIEnv *env_for_thread(void) {
    JNIEnv *env;
    if ((*jvm)->GetEnv(jvm, (void **) &env, JNI_VERSION_1_8) == JNI_OK) return env;
    (*jvm)->AttachCurrentThreadAsDaemon(jvm, (void **) &env, NULL);
    return env;
}

static int start_jvm(void) {
    if (jvm) return 1;
    JavaVM *vms[1]; jsize nvms = 0;
    char path[4200], line[4096];
    snprintf(path, sizeof path, "%s/jvm.txt", bundle_dir);
    FILE *f = fopen(path, "r");
    if (!f || !fgets(line, sizeof line, f)) { if (f) fclose(f); return 0; }
    fclose(f);
    line[strcspn(line, "\n")] = 0;
    void *lib = dlopen(line, RTLD_NOW | RTLD_GLOBAL);
    if (!lib) { fprintf(stderr, "siren lv2: cannot load %s: %s\n", line, dlerror()); return 0; }
    jint (*created)(JavaVM **, jsize, jsize *) = dlsym(lib, "JNI_GetCreatedJavaVMs");
    jint (*create)(JavaVM **, void **, void *) = dlsym(lib, "JNI_CreateJavaVM");
    if (created && created(vms, 1, &nvms) == JNI_OK && nvms > 0) jvm = vms[0];  /* reuse the process's JVM */
    JNIEnv *env;
    if (!jvm) {
        static char cp[65536];
        snprintf(path, sizeof path, "%s/classpath.txt", bundle_dir);
        f = fopen(path, "r");
        strcpy(cp, "-Djava.class.path=");
        int first = 1;
        while (f && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = 0;
            if (!*line) continue;
            if (!first) strncat(cp, ":", sizeof cp - strlen(cp) - 1);
            strncat(cp, bundle_dir, sizeof cp - strlen(cp) - 1);
            strncat(cp, "/", sizeof cp - strlen(cp) - 1);
            strncat(cp, line, sizeof cp - strlen(cp) - 1);
            first = 0;
        }
        if (f) fclose(f);
        /* SIREN_LV2_JVM_OPTS (space-separated) comes after the defaults, so its -Xmx or -D settings win */
        static char extra[4096];
        JavaVMOption opts[4 + 32];
        int nopts = 0;
        opts[nopts++].optionString = cp;
        opts[nopts++].optionString = "-Xrs";            /* the host keeps its signal handlers */
        opts[nopts++].optionString = "-Xmx1g";          /* the sampler's fits need well under this */
        opts[nopts++].optionString = "--add-modules=jdk.incubator.vector";
        const char *user = getenv("SIREN_LV2_JVM_OPTS");
        if (user) {
            snprintf(extra, sizeof extra, "%s", user);
            for (char *t = strtok(extra, " \t"); t && nopts < 4 + 32; t = strtok(NULL, " \t")) opts[nopts++].optionString = t;
        }
        JavaVMInitArgs args = {JNI_VERSION_1_8, nopts, opts, JNI_FALSE};
        if (!create || create(&jvm, (void **) &env, &args) != JNI_OK) { fprintf(stderr, "siren lv2: cannot start the JVM\n"); jvm = NULL; return 0; }
    } else env = env_for_thread();
    jclass c = (*env)->FindClass(env, "org/siren4j/plugins/lv2/Lv2Bridge");
    if (!c) { (*env)->ExceptionDescribe(env); return 0; }
    bridge = (*env)->NewGlobalRef(env, c);
    (*env)->DeleteLocalRef(env, c);
    m_inst = (*env)->GetStaticMethodID(env, bridge, "instantiate", "(Ljava/lang/String;DI)J");
    m_activate = (*env)->GetStaticMethodID(env, bridge, "activate", "(J)V");
    m_deactivate = (*env)->GetStaticMethodID(env, bridge, "deactivate", "(J)V");
    m_latency = (*env)->GetStaticMethodID(env, bridge, "latency", "(J)I");
    m_run = (*env)->GetStaticMethodID(env, bridge, "run", "(J[F[F[III)V");
    m_free = (*env)->GetStaticMethodID(env, bridge, "free", "(J)V");
    m_load = (*env)->GetStaticMethodID(env, bridge, "load", "(JLjava/lang/String;)Ljava/lang/String;");
    m_state = (*env)->GetStaticMethodID(env, bridge, "state", "(J)[B");
    m_sample = (*env)->GetStaticMethodID(env, bridge, "sample", "(J)Ljava/lang/String;");
    m_analysis = (*env)->GetStaticMethodID(env, bridge, "analysis", "(J)[B");
    m_restore = (*env)->GetStaticMethodID(env, bridge, "restore", "(J[BLjava/lang/String;[B)Ljava/lang/String;");
    if ((*env)->ExceptionCheck(env)) { (*env)->ExceptionDescribe(env); return 0; }
    return 1;
}

/* prints a Java error message (a returned String) and drops a pending exception; 1 when all went well */
static int java_ok(JNIEnv *env, jobject message) {
    if ((*env)->ExceptionCheck(env)) { (*env)->ExceptionDescribe(env); return 0; }
    if (!message) return 1;
    const char *m = (*env)->GetStringUTFChars(env, message, NULL);
    fprintf(stderr, "siren lv2: %s\n", m);
    (*env)->ReleaseStringUTFChars(env, message, m);
    return 0;
}

static LV2_Handle instantiate(const LV2_Descriptor *d, double rate, const char *path, const LV2_Feature *const *features) {
    (void) path;
    Entry *e = NULL;
    for (int i = 0; i < n_entries; i++) if (&entries[i].d == d) e = &entries[i];
    if (!e || !start_jvm()) return NULL;
    LV2_URID_Map *map = NULL;
    LV2_Worker_Schedule *schedule = NULL;
    for (int i = 0; features && features[i]; i++) {
        if (!strcmp(features[i]->URI, LV2_URID__map)) map = features[i]->data;
        if (!strcmp(features[i]->URI, LV2_WORKER__schedule)) schedule = features[i]->data;
    }
    if (!map && (e->midi || e->sample)) { fprintf(stderr, "siren lv2: the host gave no urid:map\n"); return NULL; }
    JNIEnv *env = env_for_thread();
    if ((*env)->PushLocalFrame(env, 16) != 0) return NULL;
    Instance *in = calloc(1, sizeof *in);
    in->e = e;
    in->schedule = schedule;
    in->handle = (*env)->CallStaticLongMethod(env, bridge, m_inst, (*env)->NewStringUTF(env, e->id), rate, MAX_BLOCK);
    if ((*env)->ExceptionCheck(env)) { (*env)->ExceptionDescribe(env); (*env)->PopLocalFrame(env, NULL); free(in); return NULL; }
    in->audio = (*env)->NewGlobalRef(env, (*env)->NewFloatArray(env, (e->ain + e->aout) * MAX_BLOCK));
    in->controls = (*env)->NewGlobalRef(env, (*env)->NewFloatArray(env, e->ctl > 0 ? e->ctl : 1));
    in->notes = (*env)->NewGlobalRef(env, (*env)->NewIntArray(env, 4 * MAX_NOTES));
    (*env)->PopLocalFrame(env, NULL);
    if (!map) return in;   /* an effect in a host without urid:map (lv2apply): no state, which it could not save anyway */
    char key[320];
    in->midi_event = map->map(map->handle, LV2_MIDI__MidiEvent);
    in->atom_object = map->map(map->handle, LV2_ATOM__Object);
    in->atom_blank = map->map(map->handle, LV2_ATOM__Blank);
    in->atom_urid = map->map(map->handle, LV2_ATOM__URID);
    in->atom_path = map->map(map->handle, LV2_ATOM__Path);
    in->atom_chunk = map->map(map->handle, LV2_ATOM__Chunk);
    in->patch_set = map->map(map->handle, LV2_PATCH__Set);
    in->patch_property = map->map(map->handle, LV2_PATCH__property);
    in->patch_value = map->map(map->handle, LV2_PATCH__value);
    snprintf(key, sizeof key, "%s#state", e->uri);
    in->key_state = map->map(map->handle, key);
    snprintf(key, sizeof key, "%s#sample", e->uri);   /* the patch:writable parameter of the .ttl */
    in->key_sample = map->map(map->handle, key);
    snprintf(key, sizeof key, "%s#analysis", e->uri);
    in->key_analysis = map->map(map->handle, key);
    return in;
}

static void connect_port(LV2_Handle h, uint32_t port, void *data) {
    Instance *in = h;
    if (port < MAX_PORTS) in->ports[port] = data;
}

static void activate(LV2_Handle h) {
    Instance *in = h;
    JNIEnv *env = env_for_thread();
    (*env)->CallStaticVoidMethod(env, bridge, m_activate, in->handle);
    in->latency = (float) (*env)->CallStaticIntMethod(env, bridge, m_latency, in->handle);
    java_ok(env, NULL);
}

static void deactivate(LV2_Handle h) {
    Instance *in = h;
    JNIEnv *env = env_for_thread();
    (*env)->CallStaticVoidMethod(env, bridge, m_deactivate, in->handle);
    java_ok(env, NULL);
}

/* a patch:Set of the sample file: handed to the host's worker thread, which loads it (never on the audio thread) */
static void patch(Instance *in, const LV2_Atom_Object *obj) {
    if (obj->body.otype != in->patch_set || !in->e->sample || !in->schedule) return;
    const LV2_Atom *property = NULL, *value = NULL;
    lv2_atom_object_get(obj, in->patch_property, &property, in->patch_value, &value, 0);
    if (!property || property->type != in->atom_urid || ((const LV2_Atom_URID *) property)->body != in->key_sample) return;
    if (!value || value->type != in->atom_path || value->size == 0) return;
    in->schedule->schedule_work(in->schedule->handle, value->size, value + 1);
}

/* ports: audio inputs, audio outputs, the atom input (instruments), the controls, the latency output (the .ttl's order) */
static void run(LV2_Handle h, uint32_t n) {
    Instance *in = h;
    Entry *e = in->e;
    JNIEnv *env = env_for_thread();
    int ctl0 = e->ain + e->aout + e->midi;
    int notes = 0;
    const LV2_Atom_Sequence *seq = e->midi ? (const LV2_Atom_Sequence *) in->ports[e->ain + e->aout] : NULL;
    if (seq) LV2_ATOM_SEQUENCE_FOREACH(seq, ev) {
        if (ev->body.type == in->atom_object || ev->body.type == in->atom_blank) { patch(in, (const LV2_Atom_Object *) &ev->body); continue; }
        if (ev->body.type != in->midi_event || notes >= MAX_NOTES) continue;
        const uint8_t *msg = (const uint8_t *) (ev + 1);
        int status = msg[0] & 0xF0;
        if (status != 0x90 && status != 0x80) continue;
        in->note_buf[4 * notes] = (jint) ev->time.frames;
        in->note_buf[4 * notes + 1] = status == 0x90 && msg[2] > 0 ? 1 : 2;   /* note on, note off */
        in->note_buf[4 * notes + 2] = msg[1];
        in->note_buf[4 * notes + 3] = msg[2];
        notes++;
    }
    if (notes) (*env)->SetIntArrayRegion(env, in->notes, 0, 4 * notes, in->note_buf);
    for (int c = 0; c < e->ctl; c++) if (in->ports[ctl0 + c]) (*env)->SetFloatArrayRegion(env, in->controls, c, 1, in->ports[ctl0 + c]);
    for (uint32_t done = 0; done < n; ) {
        uint32_t k = n - done > MAX_BLOCK ? MAX_BLOCK : n - done;
        for (int c = 0; c < e->ain; c++) (*env)->SetFloatArrayRegion(env, in->audio, c * MAX_BLOCK, k, in->ports[c] + done);
        (*env)->CallStaticVoidMethod(env, bridge, m_run, in->handle, in->audio, in->controls, in->notes, (jint) (done == 0 ? notes : 0), (jint) k);
        if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env);   /* the bridge bypasses a failing plugin itself */
        for (int c = 0; c < e->aout; c++) (*env)->GetFloatArrayRegion(env, in->audio, (e->ain + c) * MAX_BLOCK, k, in->ports[e->ain + c] + done);
        done += k;
    }
    if (e->lat && in->ports[ctl0 + e->ctl]) *in->ports[ctl0 + e->ctl] = in->latency;
}

static void cleanup(LV2_Handle h) {
    Instance *in = h;
    JNIEnv *env = env_for_thread();
    (*env)->CallStaticVoidMethod(env, bridge, m_free, in->handle);
    java_ok(env, NULL);
    (*env)->DeleteGlobalRef(env, in->audio);
    (*env)->DeleteGlobalRef(env, in->controls);
    (*env)->DeleteGlobalRef(env, in->notes);
    free(in);
}

static LV2_Worker_Status work(LV2_Handle h, LV2_Worker_Respond_Function respond, LV2_Worker_Respond_Handle rh, uint32_t size, const void *data) {
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

static LV2_Worker_Status work_response(LV2_Handle h, uint32_t size, const void *body) { (void) h; (void) size; (void) body; return LV2_WORKER_SUCCESS; }

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
static LV2_State_Status save(LV2_Handle h, LV2_State_Store_Function store, LV2_State_Handle sh, uint32_t flags, const LV2_Feature *const *features) {
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

static LV2_State_Status restore(LV2_Handle h, LV2_State_Retrieve_Function retrieve, LV2_State_Handle sh, uint32_t flags, const LV2_Feature *const *features) {
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

static const void *extension_data(const char *uri) {
    static const LV2_State_Interface state = {save, restore};
    static const LV2_Worker_Interface worker = {work, work_response, NULL};
    if (!strcmp(uri, LV2_STATE__interface)) return &state;
    if (!strcmp(uri, LV2_WORKER__interface)) return &worker;
    return NULL;
}

LV2_SYMBOL_EXPORT const LV2_Descriptor *lv2_descriptor(uint32_t index) {
    load_entries();
    if ((int) index >= n_entries) return NULL;
    Entry *e = &entries[index];
    e->d.URI = e->uri;
    e->d.instantiate = instantiate;
    e->d.connect_port = connect_port;
    e->d.activate = activate;
    e->d.run = run;
    e->d.deactivate = deactivate;
    e->d.cleanup = cleanup;
    e->d.extension_data = extension_data;
    return &e->d;
}
