package org.siren4j.plugins.host;

import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.Locale;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;
import org.siren4j.plugins.RenderMode;
import org.siren4j.plugins.analysis.Analyses;

/**
 * The session as a JACK client (through jnajack): output ports {@code NAME:out_1..}, rendered inside JACK's
 * process callback at the server's rate and period. Playing starts once an output port is connected (by a DAW,
 * {@code jack_connect}, a recorder, or {@code connect} to the physical outputs), so nothing is missed while you
 * patch; the client leaves when the session and its tails have played.
 */
public final class JackOutput {
    private JackOutput() {}

    public static LiveOutput.Result play(Session s, Analyses live, PrintStream status) throws SessionException, LiveOutput.NoDeviceException, InterruptedException {
        return play(s, live, status, "siren", false);
    }

    public static LiveOutput.Result play(Session s, Analyses live, PrintStream status, String name, boolean connect)
            throws SessionException, LiveOutput.NoDeviceException, InterruptedException {
        Jack jack;
        JackClient client;
        try {
            jack = Jack.getInstance();
        } catch (JackException | LinkageError e) {
            throw new LiveOutput.NoDeviceException("no JACK: its library (libjack) cannot be loaded (Debian package jackd2); bounce with -o MIX.wav instead");
        }
        try {
            client = jack.openClient(name, EnumSet.of(JackOptions.JackNoStartServer, JackOptions.JackUseExactName), EnumSet.noneOf(JackStatus.class));
        } catch (JackException e) {
            throw new LiveOutput.NoDeviceException("no JACK server is running (start one, e.g. jackd -d alsa, or qjackctl); bounce with -o MIX.wav instead");
        }
        try {
            int rate = client.getSampleRate(), period = client.getBufferSize();
            Session atRate = new Session(s.file(), rate, s.channels(), s.tracks(), s.master());
            try (Mixer m = new Mixer(atRate, new Mixer.Options(Math.max(period, 4096), RenderMode.REALTIME, live))) {
                JackPort[] ports = new JackPort[m.channels()];
                for (int c = 0; c < ports.length; c++) ports[c] = client.registerPort("out_" + (c + 1), JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
                float[][] buf = new float[m.channels()][Math.max(period, 4096)];
                long[] frames = {0};
                boolean[] go = {false}, done = {false};
                Throwable[] failed = {null};
                client.setProcessCallback((c, nframes) -> {
                    try {
                        int n = 0;
                        if (go[0] && !done[0]) {
                            while (n < nframes) { // render in pieces no longer than the mixer's block
                                int k = m.render(buf, Math.min(nframes - n, buf[0].length));
                                if (k == 0) { done[0] = true; break; }
                                for (int ch = 0; ch < ports.length; ch++) {
                                    FloatBuffer fb = ports[ch].getFloatBuffer();
                                    fb.position(n);
                                    fb.put(buf[ch], 0, k);
                                }
                                n += k;
                            }
                            frames[0] += n;
                        }
                        for (JackPort p : ports) {
                            FloatBuffer fb = p.getFloatBuffer();
                            for (int i = n; i < nframes; i++) fb.put(i, 0f);
                        }
                    } catch (RuntimeException e) {
                        failed[0] = e;
                        done[0] = true;
                    }
                    return true;
                });
                client.activate();
                String portNames = String.join(", ", java.util.Arrays.stream(ports).map(JackPort::getName).toList());
                if (connect) {
                    String[] physical = jack.getPorts(client, null, JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsInput, JackPortFlags.JackPortIsPhysical));
                    for (int c = 0; c < ports.length && physical.length > 0; c++) jack.connect(client, ports[c].getName(), physical[Math.min(c, physical.length - 1)]);
                }
                if (status != null) status.printf(Locale.ROOT, "siren: JACK client at %d Hz, period %d, ports %s%s%n", rate, period, portNames,
                        connect ? "" : ": waiting for a connection (patch them in your DAW, or use --connect)");
                while (!anyConnected(ports)) Thread.sleep(20);
                long t0 = System.nanoTime();
                go[0] = true;
                while (!done[0]) {
                    Thread.sleep(50);
                    if (status != null) status.printf(Locale.ROOT, "\rplaying %.1f / %.1f s", frames[0] / (double) rate, m.length() / (double) rate);
                }
                Thread.sleep(Math.max(20, 3000L * period / rate)); // let the last periods leave the graph
                if (status != null) status.println();
                if (failed[0] != null) throw new IllegalStateException("JACK output failed: " + failed[0], failed[0]);
                return new LiveOutput.Result((System.nanoTime() - t0) * 1e-9, "JACK " + portNames, m.failures());
            }
        } catch (JackException e) {
            throw new LiveOutput.NoDeviceException("JACK refused the client: " + e.getMessage());
        } finally {
            client.close();
        }
    }

    private static boolean anyConnected(JackPort[] ports) {
        for (JackPort p : ports) {
            try {
                if (p.getConnections().length > 0) return true;
            } catch (JackException e) {
                return false;
            }
        }
        return false;
    }
}
