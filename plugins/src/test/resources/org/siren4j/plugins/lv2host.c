/* A small LV2 host on lilv, for the tests: what lv2apply and jalv do not show.
   lv2host bench URI FRAMES BLOCKS LOADS [SAMPLE VOICES]
       two instances in one process (do they share one JVM?), the JVM's start cost at the first instantiate, the
       time of run per block, and LOADS load/run/unload cycles with the process's resident memory after each.
       With SAMPLE (a sampler): the sample is set first; VOICES notes (keys 48 up) are struck every 0.1 s.
   lv2host sampler URI SAMPLE ROOT KEY STATEDIR OUT
       sets the sampler's sample by a patch:Set message (the worker runs at once: an offline host may), saves the
       state with lilv into STATEDIR, loads it into a second instance, plays KEY for 1 s at 48 kHz and writes the
       left output to OUT as raw float32. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <lilv/lilv.h>
#include <lv2/atom/forge.h>
#include <lv2/midi/midi.h>
#include <lv2/patch/patch.h>
#include <lv2/state/state.h>
#include <lv2/urid/urid.h>
#include <lv2/worker/worker.h>

#define RATE 48000
static char *uris[4096];
static int n_uris;

static LV2_URID map_uri(LV2_URID_Map_Handle h, const char *uri) {
    (void) h;
    for (int i = 0; i < n_uris; i++) if (!strcmp(uris[i], uri)) return i + 1;
    uris[n_uris] = strdup(uri);
    return ++n_uris;
}

static const char *unmap_uri(LV2_URID_Unmap_Handle h, LV2_URID u) { (void) h; return u >= 1 && (int) u <= n_uris ? uris[u - 1] : NULL; }

static LV2_URID_Map map = {NULL, map_uri};
static LV2_URID_Unmap unmap = {NULL, unmap_uri};
static LilvInstance *worker_instance;

/* the worker runs synchronously, as an offline host may do */
static LV2_Worker_Status respond(LV2_Worker_Respond_Handle h, uint32_t size, const void *data) { (void) h; (void) size; (void) data; return LV2_WORKER_SUCCESS; }

static LV2_Worker_Status schedule(LV2_Worker_Schedule_Handle h, uint32_t size, const void *data) {
    (void) h;
    const LV2_Worker_Interface *w = lilv_instance_get_extension_data(worker_instance, LV2_WORKER__interface);
    return w ? w->work(lilv_instance_get_handle(worker_instance), respond, NULL, size, data) : LV2_WORKER_ERR_UNKNOWN;
}

static LV2_Worker_Schedule sched = {NULL, schedule};
static LV2_Feature map_f = {LV2_URID__map, &map}, unmap_f = {LV2_URID__unmap, &unmap}, sched_f = {LV2_WORKER__schedule, &sched};
static const LV2_Feature *features[] = {&map_f, &unmap_f, &sched_f, NULL};

typedef struct {
    const LilvPlugin *plugin; LilvInstance *inst; int n; float *controls; float audio[8][8192]; uint8_t atom[65536];
} Host;

static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }

static long rss_kb(void) {
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) { if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0; fclose(f); }
    return resident * 4;
}

static LilvWorld *world;

static int open_host(Host *h, const char *uri) {
    LilvNode *u = lilv_new_uri(world, uri);
    h->plugin = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world), u);
    lilv_node_free(u);
    if (!h->plugin) { fprintf(stderr, "no plugin %s\n", uri); return 0; }
    h->inst = lilv_plugin_instantiate(h->plugin, RATE, features);
    if (!h->inst) { fprintf(stderr, "instantiate failed\n"); return 0; }
    h->n = lilv_plugin_get_num_ports(h->plugin);
    h->controls = calloc(h->n, sizeof(float));
    float *mins = calloc(h->n, sizeof(float)), *maxs = calloc(h->n, sizeof(float)), *defs = calloc(h->n, sizeof(float));
    lilv_plugin_get_port_ranges_float(h->plugin, mins, maxs, defs);
    LilvNode *audio = lilv_new_uri(world, LV2_CORE__AudioPort), *atom = lilv_new_uri(world, LV2_ATOM__AtomPort);
    int a = 0;
    for (int p = 0; p < h->n; p++) {
        const LilvPort *port = lilv_plugin_get_port_by_index(h->plugin, p);
        if (lilv_port_is_a(h->plugin, port, audio)) lilv_instance_connect_port(h->inst, p, h->audio[a++]);
        else if (lilv_port_is_a(h->plugin, port, atom)) lilv_instance_connect_port(h->inst, p, h->atom);
        else { h->controls[p] = defs[p] == defs[p] ? defs[p] : 0; lilv_instance_connect_port(h->inst, p, &h->controls[p]); }
    }
    lilv_node_free(audio);
    lilv_node_free(atom);
    free(mins); free(maxs); free(defs);
    return 1;
}

static void close_host(Host *h) {
    lilv_instance_free(h->inst);
    free(h->controls);
}

/* an empty event sequence for the atom input, or one holding a patch:Set of the sample, or a MIDI note */
static LV2_Atom_Forge_Frame seq_frame;
static void begin(Host *h, LV2_Atom_Forge *forge) {
    lv2_atom_forge_init(forge, &map);
    lv2_atom_forge_set_buffer(forge, h->atom, sizeof h->atom);
    lv2_atom_forge_sequence_head(forge, &seq_frame, 0);
}

static void set_port(const char *symbol, void *user, const void *value, uint32_t size, uint32_t type) {
    Host *h = user;
    (void) size;
    LilvNode *s = lilv_new_string(world, symbol);
    const LilvPort *port = lilv_plugin_get_port_by_symbol(h->plugin, s);
    lilv_node_free(s);
    if (port && type == map_uri(NULL, LV2_ATOM__Float)) h->controls[lilv_port_get_index(h->plugin, port)] = *(const float *) value;
}

static const void *get_port(const char *symbol, void *user, uint32_t *size, uint32_t *type) {
    Host *h = user;
    LilvNode *s = lilv_new_string(world, symbol);
    const LilvPort *port = lilv_plugin_get_port_by_symbol(h->plugin, s);
    lilv_node_free(s);
    *size = sizeof(float);
    *type = map_uri(NULL, LV2_ATOM__Float);
    return port ? &h->controls[lilv_port_get_index(h->plugin, port)] : NULL;
}

/* a block whose atom input holds a patch:Set of the sample file, as a host's file chooser sends it */
static void set_sample(Host *h, const char *uri, const char *sample) {
    LV2_Atom_Forge forge;
    LV2_Atom_Forge_Frame obj;
    char property[512];
    snprintf(property, sizeof property, "%s#sample", uri);
    worker_instance = h->inst;
    begin(h, &forge);
    lv2_atom_forge_frame_time(&forge, 0);
    lv2_atom_forge_object(&forge, &obj, 0, map_uri(NULL, LV2_PATCH__Set));
    lv2_atom_forge_key(&forge, map_uri(NULL, LV2_PATCH__property));
    lv2_atom_forge_urid(&forge, map_uri(NULL, property));
    lv2_atom_forge_key(&forge, map_uri(NULL, LV2_PATCH__value));
    lv2_atom_forge_path(&forge, sample, strlen(sample) + 1);
    lv2_atom_forge_pop(&forge, &obj);
    lv2_atom_forge_pop(&forge, &seq_frame);
    lilv_instance_run(h->inst, 256);
}

/* the atom input for the next block: note-offs (when restrike) then note-ons of keys first .. first + count - 1 */
static void notes_on(Host *h, LV2_Atom_Forge *forge, int first, int count, int restrike) {
    begin(h, forge);
    for (int pass = restrike ? 0 : 1; pass < 2; pass++)
        for (int k = 0; k < count; k++) {
            uint8_t msg[3] = {pass ? 0x90 : 0x80, (uint8_t) (first + k), pass ? 127 : 0};
            lv2_atom_forge_frame_time(forge, 0);
            lv2_atom_forge_atom(forge, 3, map_uri(NULL, LV2_MIDI__MidiEvent));
            lv2_atom_forge_write(forge, msg, 3);
        }
    lv2_atom_forge_pop(forge, &seq_frame);
}

static int bench(const char *uri, int frames, int blocks, int loads, const char *sample, int voices) {
    static Host a, b;   /* static: the JVM starts on this thread and needs its stack */
    double t0 = now_ms();
    if (!open_host(&a, uri)) return 1;
    double t1 = now_ms();
    if (!open_host(&b, uri)) return 1;
    double t2 = now_ms();
    int (*created)(void **, int, int *) = dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    void *vms[4]; int nvms = -1;
    if (created) created(vms, 4, &nvms);
    printf("instantiate_first_ms %.1f\ninstantiate_second_ms %.2f\njvms %d\n", t1 - t0, t2 - t1, nvms);
    lilv_instance_activate(a.inst);
    for (int i = 0; i < frames; i++) a.audio[0][i] = a.audio[1][i] = 0.25f * (float) ((i % 100) - 50) / 50;
    LV2_Atom_Forge forge;
    if (sample) set_sample(&a, uri, sample);
    /* VOICES notes re-struck every 0.1 s, so none runs out (as siren bench --case plugins plays them) */
    int every = RATE / 10 / frames;
    for (int i = 0; i < blocks / 4; i++) { notes_on(&a, &forge, 48, i % every ? 0 : voices, i > 0); lilv_instance_run(a.inst, frames); }   /* warm up */
    double t3 = now_ms();
    for (int i = 0; i < blocks; i++) { notes_on(&a, &forge, 48, i % every ? 0 : voices, 1); lilv_instance_run(a.inst, frames); }
    printf("run_us_per_block %.3f\n", (now_ms() - t3) * 1e3 / blocks);
    double peak = 0;
    for (int i = 0; i < frames; i++) peak = a.audio[2][i] > peak ? a.audio[2][i] : a.audio[0][i] > peak ? a.audio[0][i] : peak;
    printf("last_block_peak %.4f\n", peak);
    lilv_instance_deactivate(a.inst);
    close_host(&a);
    close_host(&b);
    for (int l = 1; l <= loads; l++) {
        static Host c;
        if (!open_host(&c, uri)) return 1;
        lilv_instance_activate(c.inst);
        for (int i = 0; i < 50; i++) { begin(&c, &forge); lilv_instance_run(c.inst, frames); }
        lilv_instance_deactivate(c.inst);
        close_host(&c);
        printf("rss_kb %d %ld\n", l, rss_kb());
    }
    return 0;
}

static int sampler(const char *uri, const char *sample, int root, int key, const char *statedir, const char *out) {
    static Host a, b;
    if (!open_host(&a, uri)) return 1;
    lilv_instance_activate(a.inst);
    LV2_Atom_Forge forge;
    set_sample(&a, uri, sample);
    LilvNode *rs = lilv_new_string(world, "root");
    a.controls[lilv_port_get_index(a.plugin, lilv_plugin_get_port_by_symbol(a.plugin, rs))] = root;
    lilv_node_free(rs);
    char scratch[] = "/tmp/lv2host-XXXXXX";   /* the directories jalv gives lilv: a scratch folder, the rest the state's */
    if (!mkdtemp(scratch)) return 1;
    LilvState *state = lilv_state_new_from_instance(a.plugin, a.inst, &map, scratch, statedir, statedir, statedir, get_port, &a,
                                                    LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE, features);
    if (!state || lilv_state_save(world, &map, &unmap, state, NULL, statedir, "state.ttl")) { fprintf(stderr, "state save failed\n"); return 1; }
    lilv_state_free(state);
    rmdir(scratch);
    lilv_instance_deactivate(a.inst);
    close_host(&a);

    if (!open_host(&b, uri)) return 1;
    worker_instance = b.inst;
    char path[4200];
    snprintf(path, sizeof path, "%s/state.ttl", statedir);
    state = lilv_state_new_from_file(world, &map, NULL, path);
    if (!state) { fprintf(stderr, "state load failed\n"); return 1; }
    lilv_state_restore(state, b.inst, set_port, &b, 0, features);
    lilv_state_free(state);
    lilv_instance_activate(b.inst);
    FILE *f = fopen(out, "wb");
    for (int i = 0; i < RATE / 256; i++) {
        notes_on(&b, &forge, key, i == 0 ? 1 : 0, 0);
        lilv_instance_run(b.inst, 256);
        fwrite(b.audio[0], sizeof(float), 256, f);
    }
    fclose(f);
    lilv_instance_deactivate(b.inst);
    close_host(&b);
    return 0;
}

static int run_main(int argc, char **argv) {
    world = lilv_world_new();
    lilv_world_load_all(world);
    int rc = 2;
    if ((argc == 6 || argc == 8) && !strcmp(argv[1], "bench"))
        rc = bench(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), argc == 8 ? argv[6] : NULL, argc == 8 ? atoi(argv[7]) : 0);
    else if (argc == 8 && !strcmp(argv[1], "sampler")) rc = sampler(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]), argv[6], argv[7]);
    else fprintf(stderr, "usage: lv2host bench URI FRAMES BLOCKS LOADS [SAMPLE VOICES] | sampler URI SAMPLE ROOT KEY STATEDIR OUT\n");
    return rc;
}

static int g_argc, g_rc;
static char **g_argv;
static void *thread_main(void *arg) { (void) arg; g_rc = run_main(g_argc, g_argv); return NULL; }

/* the plugin runs on a thread of the host's, as in a DAW (the JVM treats a process's first thread specially) */
int main(int argc, char **argv) {
    g_argc = argc;
    g_argv = argv;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 8 << 20);
    pthread_t t;
    pthread_create(&t, &attr, thread_main, NULL);
    pthread_join(t, NULL);
    fflush(stdout);
    _exit(g_rc);   /* the JVM stays up inside the process: leave without unloading the plugin's library under it */
}
