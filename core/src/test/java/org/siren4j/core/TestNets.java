package org.siren4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small networks and point sets shared by the tests. */
public final class TestNets {
    private TestNets() {}

    public static SirenModel model(int inputs, int outputs, long seed) {
        return SirenModel.create(new SirenSpec(inputs, 24, 2, outputs, 30, 30), Precision.FLOAT64, seed);
    }

    public static double[] points(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = 2 * r.nextDouble() - 1;
        return x;
    }

    public static double[] randomArray(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return a;
    }

    /** The loss gradient an engine computes for every parameter, flattened in parameters() order. */
    public static double[] gradient(SirenEngine engine, SirenModel model, Objective obj) {
        Channels y = engine.forward(model, obj.request(), obj.coords(), obj.points());
        double[] adj = new double[obj.request().channelCount() * model.spec().outputs() * obj.points()];
        obj.evaluate(y, null, adj);
        List<Buf> grads = new ArrayList<>();
        for (Buf p : model.parameters()) grads.add(p.zerosLike());
        engine.backward(adj, grads);
        List<Double> flat = new ArrayList<>();
        for (Buf g : grads) for (int i = 0; i < g.length; i++) flat.add(g.get(i));
        return flat.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
