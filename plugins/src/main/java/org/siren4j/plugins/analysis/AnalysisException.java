package org.siren4j.plugins.analysis;

/** A whole-clip analysis that failed or was interrupted; the message names the plugin and the clip. */
public final class AnalysisException extends Exception {
    public AnalysisException(String message) { super(message); }
}
