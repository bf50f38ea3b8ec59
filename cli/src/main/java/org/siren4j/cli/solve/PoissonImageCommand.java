package org.siren4j.cli.solve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.cli.Progress;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.core.Engines;
import org.siren4j.core.ModelFile;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;
import org.siren4j.pde.FieldImages;
import org.siren4j.pde.GrayImage;
import org.siren4j.pde.Npy;
import org.siren4j.pde.PoissonImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "poisson-image", header = "Recover a picture from its gradient or Laplacian (the paper's Poisson image experiment).",
        mixinStandardHelpOptions = true, defaultValueProvider = PoissonImageCommand.Defaults.class,
        description = {"The paper's Poisson image experiment: a SIREN (2->128x3->1, w0 30) learns a picture from its gradient,",
                "its Laplacian (5-point stencil) or its values alone, on the pixel grid of the picture's centred square",
                "resampled to SIZE. PSNR against the picture, after fitting what the supervision cannot see (a constant for",
                "the gradient; a constant and harmonic polynomials up to degree 4 for the Laplacian). Adam on --batch pixels",
                "a step (0: every pixel), cosine-decayed. From the gradient, coarse to fine: the first third of the budget on the Sobel",
                "gradient (smooth targets: the coarse picture comes fast), the rest on differences of neighbours at their",
                "midpoints (sharp targets: the fine detail). Writes DIR/u.png (the picture recovered), truth.png, error.png,",
                "u.npy (rows y ascending: row 0 is the picture's bottom row), model.siren, report.json. --preset paper: the",
                "paper's 2->256x3->1 on 256^2 from the Sobel gradient, full batch, constant lr 1e-4, 10000 steps."})
final class PoissonImageCommand implements Callable<Integer> {
    @Option(names = "--image", required = true, paramLabel = "IMG", description = "a picture (PNG, JPEG, BMP, GIF) or a 2-D .npy array")
    Path image;

    @Option(names = "--from", defaultValue = "gradient", paramLabel = "gradient|laplacian|image",
            description = "what the network sees (default: ${DEFAULT-VALUE})")
    String from;

    @Option(names = "--gradient", paramLabel = "sobel|difference|spectral",
            description = {"how the gradient is taken from the pixels (default: difference; the paper's is sobel). The network's own",
                    "derivative is matched at points, so the picture it can give back is the picture through that stencil: Sobel",
                    "blurs it (a PSNR cap), neighbour differences at their midpoints cap it far higher, the spectral derivative",
                    "not at all but trains slowest (figures in the README)"})
    String gradient;

    @Option(names = "--sobel-first", paramLabel = "FRACTION",
            description = {"share of the budget trained on the Sobel gradient before the chosen one (default 1/3 for difference and",
                    "spectral, 0 for sobel and for the paper preset): Sobel's smooth targets give the coarse picture fast, and",
                    "the sharper stencil then adds the detail from there"})
    Double sobelFirst;

    @Option(names = "--size", paramLabel = "N", description = "pixels a side (default 128; paper preset 256)")
    Integer size;

    @Mixin
    PaperPreset preset;

    @Mixin
    SolveOptions run;

    /** DEFAULT_STEPS took about 270 s on the 2-core development machine; the paper preset runs 10000. */
    static final class Defaults extends OptionDefaults {
        public Defaults() { super("--width", "128", "--w0", "30", "--lr", "3e-4", "--batch", "0", "--steps", Integer.toString(DEFAULT_STEPS)); }
    }

    static final int DEFAULT_STEPS = 1500;

    @Override
    public Integer call() throws Exception {
        PoissonImage.From mode = switch (from.toLowerCase(Locale.ROOT)) {
            case "gradient" -> PoissonImage.From.GRADIENT;
            case "laplacian" -> PoissonImage.From.LAPLACIAN;
            case "image" -> PoissonImage.From.IMAGE;
            default -> throw new SirenCli.UserError("--from must be gradient, laplacian or image, got '" + from + "'");
        };
        boolean paper = preset.paper();
        String stencilName = gradient != null ? gradient.toLowerCase(Locale.ROOT) : paper ? "sobel" : "difference";
        PoissonImage.Stencil stencil = switch (stencilName) {
            case "sobel" -> PoissonImage.Stencil.SOBEL;
            case "difference" -> PoissonImage.Stencil.DIFFERENCE;
            case "spectral" -> PoissonImage.Stencil.SPECTRAL;
            default -> throw new SirenCli.UserError("--gradient must be sobel, difference or spectral, got '" + gradient + "'");
        };
        int n = size != null ? size : paper ? 256 : 128;
        int steps = preset.apply(run, 256, 1e-4, 10000, DEFAULT_STEPS);
        run.checkNetwork(true);
        int perStep = run.batch;
        double rate = run.lr;
        boolean coarseStage = mode == PoissonImage.From.GRADIENT && stencil != PoissonImage.Stencil.SOBEL;
        double coarse = !coarseStage ? 0 : sobelFirst != null ? sobelFirst : paper ? 0 : 1.0 / 3;
        if (n < 8 || n > 2048) throw new SirenCli.UserError("--size must lie in 8..2048, got " + n);
        if (!(coarse >= 0 && coarse < 1)) throw new SirenCli.UserError("--sobel-first must lie in [0, 1), got " + sobelFirst);
        double seconds = run.seconds();
        Path coarseCheckpoint = run.out.resolve("checkpoint-sobel.ckpt");
        run.checkOut(coarseCheckpoint);
        PoissonImage problem = new PoissonImage(GrayImage.read(image).square(n), mode, stencil);
        Files.createDirectories(run.out);

        SirenSpec spec = new SirenSpec(2, run.width, 3, 1, run.w0, 30);
        SirenModel model = SirenModel.create(spec, run.seed);
        model.metadata().put("problem", "poisson-image from " + from + " of " + image.getFileName() + " at " + n + "^2");
        double[] xy = problem.grid().points();
        // coarse to fine: Sobel's smooth targets first, then the chosen stencil; a resumed run past the first stage skips it
        boolean skipCoarse = run.resume && Files.isRegularFile(run.checkpoint());
        int coarseSteps = steps > 0 ? (int) Math.min(Math.round(coarse * steps), steps - 1) : 0;   // 0 steps: "no limit"
        record Stage(String name, PoissonImage problem, double seconds, int steps, Path checkpoint) {}
        List<Stage> stages = new java.util.ArrayList<>();
        if (coarse > 0 && !skipCoarse && (seconds > 0 || coarseSteps > 0))
            stages.add(new Stage("sobel first", new PoissonImage(problem.image(), mode, PoissonImage.Stencil.SOBEL),
                    coarse * seconds, coarseSteps, coarseCheckpoint));
        stages.add(new Stage(stencilName, problem, (1 - coarse) * seconds, steps - coarseSteps, run.checkpoint()));
        long totalSteps = 0;
        double totalSeconds = 0, finalLoss = Double.NaN;
        int spikes = 0;
        try (SirenEngine engine = Engines.cpu()) {
            Trainer.Metric psnr = Solves.metric("psnr_db", false, m -> problem.score(m.evaluate(engine, xy, xy.length / 2)).psnrDb());
            for (Stage stage : stages) {
                String task = stages.size() > 1 ? "poisson-image (" + stage.name() + ")" : "poisson-image";
                try (Progress progress = seconds > 0 ? Progress.overSeconds(task, stage.seconds(), "PSNR dB", run.quiet)
                        : new Progress(task, stage.steps(), "PSNR dB", run.quiet)) {
                    Trainer.Config cfg = Trainer.Config.builder().seconds(stage.seconds()).steps(stage.steps())
                            .schedule(paper ? Schedule.constant(rate) : Schedule.cosine(rate, 0.02)).seed(run.seed)
                            .metric(psnr, perStep > 0 ? 500 : 100, Double.NaN).keep(Trainer.Keep.BEST_METRIC)
                            .checkpoint(stage.checkpoint(), 500).resume(run.resume).build();
                    Trainer.Result r = new Trainer(engine).train(model, stage.problem().objective(perStep), cfg, Solves.shownOn(progress, false));
                    totalSteps += r.steps();
                    totalSeconds += r.seconds();
                    finalLoss = r.finalLoss();
                    spikes += r.spikes();
                }
            }

            double[] u = model.evaluate(engine, xy, xy.length / 2);
            PoissonImage.Score score = problem.score(u);
            int side = problem.grid().nx();
            double[] err = problem.truth();
            for (int k = 0; k < err.length; k++) err[k] = score.fitted()[k] - err[k];
            Npy.write(run.out.resolve("u.npy"), score.fitted(), side, side);
            problem.picture(score.fitted()).writePng(run.out.resolve("u.png"));
            problem.image().writePng(run.out.resolve("truth.png"));
            FieldImages.write(run.out.resolve("error.png"), err, side, side);
            ModelFile.save(model, run.out.resolve("model.siren"));
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("command", "solve poisson-image");
            rep.put("problem", Map.of("image", image.toString(), "from", mode.name().toLowerCase(Locale.ROOT), "size", n,
                    "supervision", switch (mode) {
                        case GRADIENT -> stencilName + " gradient per unit coordinate"
                                + (coarse > 0 ? String.format(Locale.ROOT, ", after %.0f%% of the budget on the sobel gradient", 100 * coarse) : "");
                        case LAPLACIAN -> "5-point Laplacian per unit coordinate";
                        case IMAGE -> "pixel values";
                    }));
            rep.put("psnr_db", score.psnrDb());
            rep.put("fitted_before_scoring", score.fittedPart());
            rep.put("preset", preset.preset.name());
            rep.put("batch", perStep == 0 ? n * n : perStep);
            run.putTraining(rep, spec, run.budget(steps), totalSteps, 0, totalSeconds, finalLoss, spikes);
            rep.put("grid", List.of(side, side));
            Reports.write(run.out.resolve("report.json"), rep);
            System.out.printf("poisson-image: %d steps in %.1f s: PSNR %.2f dB from the %s (%s fitted)%n", totalSteps, totalSeconds,
                    score.psnrDb(), mode.name().toLowerCase(Locale.ROOT), score.fittedPart());
            System.out.println("wrote " + run.out.resolve("u.png") + ", truth.png, error.png, u.npy, model.siren, report.json");
        }
        return 0;
    }
}
