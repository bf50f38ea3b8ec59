package org.siren4j.plugins.builtin;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.siren4j.audio.restore.Damage;
import org.siren4j.audio.restore.DamageDetector;
import org.siren4j.audio.restore.Repair;
import org.siren4j.audio.restore.Repairs;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;

/**
 * {@code siren restore} as a whole-clip effect: clicks, clipping and dropouts found in each clip and repaired once
 * (cached by the host); only damaged samples change.
 */
public final class SirenRestore extends WholeClipEffect {
    static final Descriptor DESCRIPTOR = new Descriptor("siren.restore", "SIREN restore", "siren4j", "1.0",
            Set.of(Feature.CLIP_PROCESSOR, Feature.AUDIO_EFFECT), Descriptor.TRACK_CHANNELS, Descriptor.TRACK_CHANNELS, false,
            "repairs clicks, clipping and dropouts in whole clips: a SIREN fitted across each damaged stretch fills it in");
    static final int CLICKS = 0, CLIPPING = 1, DROPOUTS = 2, THRESHOLD = 3, REPAIR = 4;

    public SirenRestore() {
        super(List.of(onOff("clicks", "Clicks"), onOff("clipping", "Clipping"), onOff("dropouts", "Dropouts"),
                new ParamInfo("threshold", "Click threshold", 2, 20, 5, "sd", Set.of()),
                new ParamInfo("repair", "Repair", 0, 2, 0, "", Set.of(ParamInfo.Flag.STEPPED), Repairs.NAMES.toArray(String[]::new))));
    }

    private static ParamInfo onOff(String id, String name) { return new ParamInfo(id, name, 0, 1, 1, "", Set.of(ParamInfo.Flag.STEPPED), "off", "on"); }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override public List<String> analysisParams() { return List.of("clicks", "clipping", "dropouts", "threshold", "repair"); }

    @Override double[] process(double[] x, int rate, int c, int channels, Progress progress) {
        Set<Damage.Kind> kinds = EnumSet.noneOf(Damage.Kind.class);
        if (values[CLICKS] > 0.5) kinds.add(Damage.Kind.CLICK);
        if (values[CLIPPING] > 0.5) kinds.add(Damage.Kind.CLIPPING);
        if (values[DROPOUTS] > 0.5) kinds.add(Damage.Kind.DROPOUT);
        if (kinds.isEmpty()) return x;
        progress.report((double) c / channels, String.format(Locale.ROOT, "restoring channel %d: finding damage", c + 1));
        List<Damage> damage = new DamageDetector(values[THRESHOLD], DamageDetector.PAD).detect(x, c, rate, kinds);
        progress.report((c + 0.2) / channels, String.format(Locale.ROOT, "restoring channel %d: repairing %d runs", c + 1, damage.size()));
        double[] y = x.clone();
        Repair repair = Repairs.named(Repairs.NAMES.get((int) Math.round(values[REPAIR])), 0, 0);
        if (!damage.isEmpty()) repair.repair(y, damage, rate);
        return y;
    }

    public static final class Factory extends BaseFactory { public Factory() { super(SirenRestore::new); } }
}
