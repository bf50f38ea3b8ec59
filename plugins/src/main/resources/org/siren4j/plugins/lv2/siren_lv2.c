/* siren4j LV2 shim: starts (or reuses) a JVM in the host process and forwards LV2 calls to
   org.siren4j.plugins.lv2.Lv2Bridge. The bundle's siren-plugins.txt lists the plugins and their ports:
   "URI ID AUDIO_IN AUDIO_OUT CONTROLS MIDI" (MIDI 1: an atom MIDI input after the audio ports); classpath.txt the jars; jvm.txt the path of libjvm.so. */
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
#include <lv2/urid/urid.h>

#define MAX_PLUGINS 32
#define MAX_PORTS 64
#define MAX_BLOCK 8192
#define MAX_NOTES 512

typedef struct { char uri[256]; char id[64]; int ain, aout, ctl, midi; LV2_Descriptor d; } Entry;
static Entry entries[MAX_PLUGINS];
static int n_entries = -1;
static char bundle_dir[4096];
static JavaVM *jvm;
static jclass bridge;
static jmethodID m_inst, m_run, m_free, m_activate;

typedef struct {
    Entry *e; jlong handle; float *ports[MAX_PORTS];
    jfloatArray audio; jfloatArray controls; jintArray notes;
    LV2_URID midi_event; jint note_buf[4 * MAX_NOTES];
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
        if (fscanf(f, "%255s %63s %d %d %d %d", e->uri, e->id, &e->ain, &e->aout, &e->ctl, &e->midi) != 6) break;
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
        JavaVMOption opts[4];
        opts[0].optionString = cp;
        opts[1].optionString = "-Xrs";            /* the host keeps its signal handlers */
        opts[2].optionString = "-Xmx1g";
        opts[3].optionString = "--add-modules=jdk.incubator.vector";
        JavaVMInitArgs args = {JNI_VERSION_1_8, 4, opts, JNI_FALSE};
        if (!create || create(&jvm, (void **) &env, &args) != JNI_OK) { fprintf(stderr, "siren lv2: cannot start the JVM\n"); jvm = NULL; return 0; }
    } else env = env_for_thread();
    jclass c = (*env)->FindClass(env, "org/siren4j/plugins/lv2/Lv2Bridge");
    if (!c) { (*env)->ExceptionDescribe(env); return 0; }
    bridge = (*env)->NewGlobalRef(env, c);
    m_inst = (*env)->GetStaticMethodID(env, bridge, "instantiate", "(Ljava/lang/String;DI)J");
    m_activate = (*env)->GetStaticMethodID(env, bridge, "activate", "(J)V");
    m_run = (*env)->GetStaticMethodID(env, bridge, "run", "(J[F[F[III)V");
    m_free = (*env)->GetStaticMethodID(env, bridge, "free", "(J)V");
    return m_inst && m_run && m_free && m_activate;
}

static LV2_Handle instantiate(const LV2_Descriptor *d, double rate, const char *path, const LV2_Feature *const *features) {
    (void) path;
    Entry *e = NULL;
    for (int i = 0; i < n_entries; i++) if (&entries[i].d == d) e = &entries[i];
    if (!e || !start_jvm()) return NULL;
    JNIEnv *env = env_for_thread();
    Instance *in = calloc(1, sizeof *in);
    in->e = e;
    jstring id = (*env)->NewStringUTF(env, e->id);
    in->handle = (*env)->CallStaticLongMethod(env, bridge, m_inst, id, rate, MAX_BLOCK);
    if ((*env)->ExceptionCheck(env)) { (*env)->ExceptionDescribe(env); free(in); return NULL; }
    in->audio = (*env)->NewGlobalRef(env, (*env)->NewFloatArray(env, (e->ain + e->aout) * MAX_BLOCK));
    in->controls = (*env)->NewGlobalRef(env, (*env)->NewFloatArray(env, e->ctl > 0 ? e->ctl : 1));
    in->notes = (*env)->NewGlobalRef(env, (*env)->NewIntArray(env, 4 * MAX_NOTES));
    for (int i = 0; features && features[i]; i++)
        if (!strcmp(features[i]->URI, LV2_URID__map)) {
            LV2_URID_Map *map = features[i]->data;
            in->midi_event = map->map(map->handle, LV2_MIDI__MidiEvent);
        }
    if (e->midi && !in->midi_event) { fprintf(stderr, "siren lv2: the host gave no urid:map\n"); return NULL; }
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
}

/* ports: audio inputs, audio outputs, the MIDI input (instruments), then controls (the .ttl uses the same order) */
static void run(LV2_Handle h, uint32_t n) {
    Instance *in = h;
    Entry *e = in->e;
    JNIEnv *env = env_for_thread();
    int ctl0 = e->ain + e->aout + e->midi;
    int notes = 0;
    const LV2_Atom_Sequence *seq = e->midi ? (const LV2_Atom_Sequence *) in->ports[e->ain + e->aout] : NULL;
    if (seq) LV2_ATOM_SEQUENCE_FOREACH(seq, ev) {
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
        if ((*env)->ExceptionCheck(env)) { (*env)->ExceptionClear(env); }
        for (int c = 0; c < e->aout; c++) (*env)->GetFloatArrayRegion(env, in->audio, (e->ain + c) * MAX_BLOCK, k, in->ports[e->ain + c] + done);
        done += k;
    }
}

static void cleanup(LV2_Handle h) {
    Instance *in = h;
    JNIEnv *env = env_for_thread();
    (*env)->CallStaticVoidMethod(env, bridge, m_free, in->handle);
    (*env)->DeleteGlobalRef(env, in->audio);
    (*env)->DeleteGlobalRef(env, in->controls);
    (*env)->DeleteGlobalRef(env, in->notes);
    free(in);
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
    e->d.deactivate = NULL;
    e->d.cleanup = cleanup;
    e->d.extension_data = NULL;
    return &e->d;
}
