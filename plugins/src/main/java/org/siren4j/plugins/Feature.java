package org.siren4j.plugins;

/** What a plugin is, as a host's browser groups them. */
public enum Feature { AUDIO_EFFECT, INSTRUMENT, CLIP_PROCESSOR, ANALYZER }
