package io.slipstream.mktdata.recorder;

import java.io.IOException;
import java.nio.file.Path;

/** {@code slipstream-recorder --config FILE}: records the daemon's journal to Parquet until SIGTERM or Ctrl-C. */
public final class RecorderMain {
    private RecorderMain() {
    }

    /**
     * @param args {@code --config FILE}
     * @throws Exception if DuckDB cannot start
     */
    public static void main(final String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: slipstream-recorder --config FILE   (recorder.toml, see docs/data.md)");
            System.exit(2);
        }
        final RecorderConfig config;
        try {
            config = RecorderConfig.load(Path.of(args[1]));
        } catch (final RecorderConfig.ConfigException e) {
            System.err.println("error: " + args[1] + " is not a valid recorder configuration:");
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (final IOException e) {
            System.err.println("error: cannot read " + args[1] + ": " + e);
            System.exit(2);
            return;
        }
        final Recorder recorder = new Recorder(config);
        final Thread thread = new Thread(recorder, "recorder");
        Runtime.getRuntime().addShutdownHook(new Thread(recorder::close, "recorder-shutdown"));
        thread.start();
        thread.join();
    }
}
