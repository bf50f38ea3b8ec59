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

    /** Whether note event {@code i} (a note-off) is for a voice playing {@code key} as note {@code noteId}: same key, and same id unless the event has none. */
    static boolean sameNote(org.siren4j.plugins.Events ev, int i, int key, int noteId) {
        return key == ev.key(i) && (ev.noteId(i) < 0 || noteId == ev.noteId(i));
    }

    /** A new voice's amplitude: velocity (0..1) weighted by {@code sensitivity} (0: ignored), times the gain. */
    static double amplitude(double velocity, double sensitivity, double gainDb) {
        return (1 - sensitivity + sensitivity * velocity) * Math.pow(10, gainDb / 20);
    }
}
