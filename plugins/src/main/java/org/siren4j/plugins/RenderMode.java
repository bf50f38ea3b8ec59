package org.siren4j.plugins;

/** Set before {@link Plugin#activate}: offline may be slower and better; the output never depends on the block size. */
public enum RenderMode { REALTIME, OFFLINE }
