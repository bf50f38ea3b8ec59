package org.siren4j.plugins;

import java.util.Arrays;

/**
 * A block's events, sorted by sample time, stored in parallel primitive arrays so that reading and writing them
 * on the audio thread allocates nothing. Times are sample offsets within the block. Notes carry key (MIDI),
 * velocity (0..1) and a note id; parameter events carry the parameter's index in {@link Plugin#params()} and a
 * plain value. The host fills the input list; a plugin may write into the output list (up to its capacity).
 */
public final class Events {
    public static final int NOTE_ON = 1, NOTE_OFF = 2, PARAM_VALUE = 3;

    private int size;
    private int[] type, time, key, noteId, param;
    private double[] value;

    public Events(int capacity) {
        type = new int[capacity];
        time = new int[capacity];
        key = new int[capacity];
        noteId = new int[capacity];
        param = new int[capacity];
        value = new double[capacity];
    }

    public int size() { return size; }

    public int capacity() { return type.length; }

    public int type(int i) { return type[i]; }

    public int time(int i) { return time[i]; }

    public int key(int i) { return key[i]; }

    public int noteId(int i) { return noteId[i]; }

    /** Velocity 0..1 of a note event. */
    public double velocity(int i) { return value[i]; }

    public int param(int i) { return param[i]; }

    /** Plain value of a parameter event. */
    public double value(int i) { return value[i]; }

    public void clear() { size = 0; }

    /** Index of the first event at or after {@code frame}, from {@code from} on. */
    public int firstAtOrAfter(int from, int frame) {
        int i = from;
        while (i < size && time[i] < frame) i++;
        return i;
    }

    public boolean addNoteOn(int t, int k, double velocity, int id) { return add(NOTE_ON, t, k, id, -1, velocity); }

    public boolean addNoteOff(int t, int k, int id) { return add(NOTE_OFF, t, k, id, -1, 0); }

    public boolean addParam(int t, int p, double v) { return add(PARAM_VALUE, t, -1, -1, p, v); }

    /** Appends an event; it must not be earlier than the last one. False when full (nothing is dropped silently: the caller decides). */
    public boolean add(int ty, int t, int k, int id, int p, double v) {
        if (size == type.length) return false;
        if (size > 0 && t < time[size - 1]) throw new IllegalArgumentException("events must be added in time order");
        type[size] = ty;
        time[size] = t;
        key[size] = k;
        noteId[size] = id;
        param[size] = p;
        value[size] = v;
        size++;
        return true;
    }

    /** Grows the capacity (main thread only, e.g. in activate). */
    public void ensureCapacity(int n) {
        if (n <= type.length) return;
        type = Arrays.copyOf(type, n);
        time = Arrays.copyOf(time, n);
        key = Arrays.copyOf(key, n);
        noteId = Arrays.copyOf(noteId, n);
        param = Arrays.copyOf(param, n);
        value = Arrays.copyOf(value, n);
    }
}
