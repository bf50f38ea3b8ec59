package org.siren4j.core;

import org.siren4j.core.cpu.FusedEngine;
import org.siren4j.core.cpu.Workers;

/** Where clients get an engine, so that another one (ND4J's CUDA backend, say) changes this class and no caller. */
public final class Engines {
    private Engines() {}

    /** The CPU engine on every core. */
    public static SirenEngine cpu() { return new FusedEngine(); }

    /** The CPU engine on {@code threads} threads (1: a worker's own, when several models train at once). */
    public static SirenEngine cpu(int threads) { return new FusedEngine(new Workers(threads)); }
}
