/* siren4j LV2 shim, shared by its three files: siren_lv2.c (the plugin's entry points and run), lv2_jvm.c (the
   bundle's plugin list and the JVM: start or reuse it, the bridge's methods) and lv2_state.c (the worker that loads
   sample files, state save and restore). Only lv2_descriptor is exported (built with -fvisibility=hidden). */
#ifndef SIREN_LV2_H
#define SIREN_LV2_H
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

typedef struct {
    Entry *e; jlong handle; float *ports[MAX_PORTS]; float latency;
    jfloatArray audio; jfloatArray controls; jintArray notes;
    LV2_URID midi_event, atom_object, atom_blank, atom_urid, atom_path, atom_chunk, patch_set, patch_property, patch_value;
    LV2_URID key_state, key_sample, key_analysis;
    LV2_Worker_Schedule *schedule;
    jint note_buf[4 * MAX_NOTES];
} Instance;

extern Entry entries[MAX_PLUGINS];
extern int n_entries;
extern JavaVM *jvm;
extern jclass bridge;
extern jmethodID m_inst, m_run, m_free, m_activate, m_deactivate, m_latency, m_load, m_state, m_sample, m_analysis, m_restore;

/* lv2_jvm.c */
void load_entries(void);
JNIEnv *env_for_thread(void);
int start_jvm(void);
int java_ok(JNIEnv *env, jobject message);

/* lv2_state.c */
LV2_Worker_Status work(LV2_Handle h, LV2_Worker_Respond_Function respond, LV2_Worker_Respond_Handle rh, uint32_t size, const void *data);
LV2_Worker_Status work_response(LV2_Handle h, uint32_t size, const void *body);
LV2_State_Status save(LV2_Handle h, LV2_State_Store_Function store, LV2_State_Handle sh, uint32_t flags, const LV2_Feature *const *features);
LV2_State_Status restore(LV2_Handle h, LV2_State_Retrieve_Function retrieve, LV2_State_Handle sh, uint32_t flags, const LV2_Feature *const *features);

#endif
