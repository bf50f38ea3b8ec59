package org.siren4j.plugins.builtin;

/** Voice allocation the instruments share: a free voice, else the oldest one is taken. */
final class Voices {
    private Voices() {}

    /** Index of the voice a new note gets. */
    static int pick(boolean[] active, long[] born) {
        for (int i = 0; i < active.length; i++) if (!active[i]) return i;
        int v = 0;
        for (int i = 1; i < active.length; i++) if (born[i] < born[v]) v = i;
        return v;
    }
}
