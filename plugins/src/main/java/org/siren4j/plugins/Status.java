package org.siren4j.plugins;

/** What {@link Plugin#process} says of its block (CLAP's process status). */
public enum Status {
    /** The output is garbage: the host discards it, silences the plugin and bypasses it from then on. */
    ERROR,
    /** Keep calling. */
    CONTINUE,
    /** Keep calling while the input is not quiet. */
    CONTINUE_IF_NOT_QUIET,
    /** Only the tail is left: call until it has run out. */
    TAIL,
    /** Silent until an event or non-silent input arrives. */
    SLEEP
}
