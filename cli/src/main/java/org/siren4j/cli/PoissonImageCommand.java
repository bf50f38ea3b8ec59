package org.siren4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.siren4j.core.ModelFile;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.FusedEngine;
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
        mixinStandardHelpOptions = true,
        description = {"The paper's Poisson image experiment: a SIREN (2->256x3->1, w0 30) learns a picture from its gradient",
                "(Sobel), its Laplacian (5-point stencil) or its values alone, on the pixel grid of the picture's centred",
                "square resampled to SIZE. PSNR against the picture, after fitting what the supervision cannot see (a",
                "constant for the gradient; a constant and harmonic polynomials up to degree 4 for the Laplacian).",
                "Adam on every pixel each step, cosine-decayed (random batches of 2048 lead for the first minute, 28.2",
                "against 23.2 dB at 60 s, but end lower: 28.6 against 29.2 dB at 270 s). Writes DIR/u.png (the picture recovered), truth.png, error.png, u.npy",
                "(rows y ascending: row 0 is the picture's bottom row), model.siren, report.json."})
final class PoissonImageCommand implements Callable<Integer> {
    /** fast: defaults that finish here in minutes; paper: the paper's configuration, for bigger machines. */
    enum Preset { fast, paper }

    @Option(names = "--image", required = true, paramLabel = "IMG", description = "a picture (PNG, JPEG, BMP, GIF) or a 2-D .npy array")
    Path image;

    @Option(names = "--from", defaultValue = "gradient", paramLabel = "gradient|laplacian|image",
            description = "what the network sees (default: ${DEFAULT-VALUE})")
    String from;

    @Option(names = "--gradient", defaultValue = "sobel", paramLabel = "sobel|difference|spectral",
            description = {"how the gradient is taken from the pixels (default: ${DEFAULT-VALUE}, the paper's). The network's own derivative is",
                    "matched at points, so the picture it can give back is the picture through that stencil: at 128^2 the camera",
                    "picture's PSNR is capped at 29.5 dB with Sobel, 41.0 with neighbour differences at their midpoints, and not",
                    "at all by the spectral derivative, which trains slower (20.4 against 28.2 dB after 60 s)"})
    String gradient;

    @Option(names = "--size", paramLabel = "N", description = "pixels a side (default 128; paper preset 256)")
    Integer size;

    @Option(names = "--batch", paramLabel = "N", description = "pixels a step, 0 for all (default 0)")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "peak learning rate of the cosine (default 1e-4; paper preset: 1e-4 constant)")
    Double lr;

    @Option(names = "--preset", defaultValue = "fast", paramLabel = "fast|paper",
            description = "fast: the defaults above, 270 s; paper: 256^2, full batch, lr 1e-4, 10000 steps (default: ${DEFAULT-VALUE})")
    Preset preset;

    @Mixin
    SolveOptions run;

    @Mixin
    SolveOptions.Budget budget;

    @Override
    public Integer call() throws Exception {
        PoissonImage.From mode = switch (from.toLowerCase(Locale.ROOT)) {
            case "gradient" -> PoissonImage.From.GRADIENT;
            case "laplacian" -> PoissonImage.From.LAPLACIAN;
            case "image" -> PoissonImage.From.IMAGE;
            default -> throw new SirenCli.UserError("--from must be gradient, laplacian or image, got '" + from + "'");
        };
        PoissonImage.Stencil stencil = switch (gradient.toLowerCase(Locale.ROOT)) {
            case "sobel" -> PoissonImage.Stencil.SOBEL;
            case "difference" -> PoissonImage.Stencil.DIFFERENCE;
            case "spectral" -> PoissonImage.Stencil.SPECTRAL;
            default -> throw new SirenCli.UserError("--gradient must be sobel, difference or spectral, got '" + gradient + "'");
        };
        boolean paper = preset == Preset.paper;
        int n = size != null ? size : paper ? 256 : 128;
        int perStep = batch != null ? batch : 0;
        double rate = lr != null ? lr : 1e-4;
        if (n < 8 || n > 2048) throw new SirenCli.UserError("--size must lie in 8..2048, got " + n);
        if (perStep < 0) throw new SirenCli.UserError("--batch must be >= 0, got " + perStep);
        if (!(rate > 0) || rate > 1) throw new SirenCli.UserError("--lr must lie in (0, 1], got " + rate);
        double seconds = run.budget(budget.seconds, paper ? 0 : 270);
        int steps = run.steps != null ? run.stepCap() : paper && budget.seconds == null ? 10000 : 0;
        run.checkOut();
        PoissonImage problem = new PoissonImage(GrayImage.read(image).square(n), mode, stencil);
        Files.createDirectories(run.out);

        SirenSpec spec = new SirenSpec(2, 256, 3, 1, 30, 30);
        SirenModel model = SirenModel.create(spec, DataType.FLOAT, run.seed);
        model.metadata().put("problem", "poisson-image from " + from + " of " + image.getFileName() + " at " + n + "^2");
        double[] xy = problem.grid().points();
        try (FusedEngine engine = new FusedEngine();
             Progress progress = seconds > 0 ? Progress.overSeconds("poisson-image", seconds, "PSNR dB", run.quiet)
                     : new Progress("poisson-image", steps, "PSNR dB", run.quiet)) {
            Trainer.Metric psnr = Solves.metric("psnr_db", false, m -> problem.score(m.evaluate(engine, xy, xy.length / 2)).psnrDb());
            Trainer.Config cfg = Trainer.Config.builder().seconds(seconds).steps(steps)
                    .schedule(paper ? Schedule.constant(rate) : Schedule.cosine(rate, 0.02)).seed(run.seed)
                    .metric(psnr, perStep > 0 ? 500 : 100, Double.NaN).keep(Trainer.Keep.BEST_METRIC)
                    .checkpoint(run.checkpoint(), 500).resume(run.resume).build();
            Trainer.Result r = new Trainer(engine).train(model, problem.objective(perStep), cfg, Solves.shownOn(progress, false));
            progress.close();

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
                        case GRADIENT -> gradient.toLowerCase(Locale.ROOT) + " gradient per unit coordinate";
                        case LAPLACIAN -> "5-point Laplacian per unit coordinate";
                        case IMAGE -> "pixel values";
                    }));
            rep.put("psnr_db", score.psnrDb());
            rep.put("fitted_before_scoring", score.fittedPart());
            rep.put("network", spec.toString());
            rep.put("parameters", spec.parameterCount());
            rep.put("preset", preset.name());
            rep.put("batch", perStep == 0 ? n * n : perStep);
            rep.put("learning_rate", rate);
            rep.put("steps", r.steps());
            rep.put("seconds", r.seconds());
            rep.put("ms_per_step", 1e3 * r.seconds() / Math.max(1, r.steps()));
            rep.put("final_loss", r.finalLoss());
            rep.put("spikes", r.spikes());
            rep.put("grid", List.of(side, side));
            Reports.write(run.out.resolve("report.json"), rep);
            System.out.printf("poisson-image: %d steps in %.1f s: PSNR %.2f dB from the %s (%s fitted)%n", r.steps(), r.seconds(),
                    score.psnrDb(), mode.name().toLowerCase(Locale.ROOT), score.fittedPart());
            System.out.println("wrote " + run.out.resolve("u.png") + ", truth.png, error.png, u.npy, model.siren, report.json");
        }
        return 0;
    }
}
