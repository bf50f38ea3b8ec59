/* The bundle's plugin list (siren-plugins.txt) and the JVM: started in the host process, or the process's own
   reused; the bridge's static methods looked up once. */
#include "siren_lv2.h"

Entry entries[MAX_PLUGINS];
int n_entries = -1;
static char bundle_dir[4096];
JavaVM *jvm;
jclass bridge;
jmethodID m_inst, m_run, m_free, m_activate, m_deactivate, m_latency, m_load, m_state, m_sample, m_analysis, m_restore;

void load_entries(void) {
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

JNIEnv *env_for_thread(void) {
    JNIEnv *env;
    if ((*jvm)->GetEnv(jvm, (void **) &env, JNI_VERSION_1_8) == JNI_OK) return env;
    (*jvm)->AttachCurrentThreadAsDaemon(jvm, (void **) &env, NULL);
    return env;
}

int start_jvm(void) {
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
int java_ok(JNIEnv *env, jobject message) {
    if ((*env)->ExceptionCheck(env)) { (*env)->ExceptionDescribe(env); return 0; }
    if (!message) return 1;
    const char *m = (*env)->GetStringUTFChars(env, message, NULL);
    fprintf(stderr, "siren lv2: %s\n", m);
    (*env)->ReleaseStringUTFChars(env, message, m);
    return 0;
}

