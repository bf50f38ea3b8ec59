package org.siren4j.core;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The number type a model's parameters and an engine's buffers are held in. Float32 is the training type;
 * float64 serves the oracle tests and the Levenberg-Marquardt normal equations. Clients name it here, so
 * that no module outside core needs ND4J's own type enum.
 */
public enum Precision {
    FLOAT32(DataType.FLOAT), FLOAT64(DataType.DOUBLE);

    final DataType nd4j;

    Precision(DataType nd4j) { this.nd4j = nd4j; }
}
