/* siren4j LV2 shim: starts (or reuses) a JVM in the host process and forwards LV2 calls to
   org.siren4j.plugins.lv2.Lv2Bridge. The bundle's siren-plugins.txt lists the plugins and their ports:
   "URI ID AUDIO_IN AUDIO_OUT CONTROLS MIDI LATENCY SAMPLE" (MIDI 1: an atom input after the audio ports; LATENCY 1:
   a latency output after the controls; SAMPLE 1: the plugin plays a sample file, set by patch:Set and saved in the
   state); classpath.txt the jars; jvm.txt the path of libjvm.so.
   Every entry point but run pushes a JNI local frame: the host's threads stay attached, and local references
   made outside a Java call would otherwise live as long as the thread. */
#include "siren_lv2.h"

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
