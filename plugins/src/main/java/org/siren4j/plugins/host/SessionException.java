package org.siren4j.plugins.host;

/** A session that cannot be played; the message names the JSON path (or the file) and the problem, in one line. */
public final class SessionException extends Exception {
    public SessionException(String message) { super(message); }
}
