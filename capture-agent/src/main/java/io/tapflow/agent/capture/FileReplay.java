package io.tapflow.agent.capture;

import io.tapflow.packet.CaptureReplay;
import io.tapflow.packet.pcap.CaptureFileReader;
import io.tapflow.packet.pcap.CaptureFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays pcap/pcapng files (or standard input, "-") through one pipeline, in order, as fast as
 * possible or at a multiple of the capture's pace. One pipeline for all files keeps the flow table
 * (and each flow's batch sequence) continuous across rotated capture files.
 *
 * <p>A damaged file is reported with the byte offset of the damage and counted; every good packet
 * before it has been batched and flushed, and the next file is still replayed.
 */
public final class FileReplay {
    private static final Logger LOG = LoggerFactory.getLogger(FileReplay.class);

    private final List<String> files;
    private final CapturePipeline pipeline;
    private final InputStream stdin;
    private volatile boolean stopped;

    public FileReplay(List<String> files, double pace, CapturePipeline pipeline, InputStream stdin) {
        this.files = List.copyOf(files);
        this.pipeline = pipeline;
        this.stdin = stdin;
        pipeline.replay().pace(pace);
    }

    /** The source label of a list of inputs: the file names, "stdin" for "-". */
    public static String sourceName(List<String> files) {
        return String.join(",", files.stream().map(f -> f.equals("-") ? "stdin" : f).toList());
    }

    /** Replays every input; returns the number of inputs that ended in an error. */
    public int run() {
        int failed = 0;
        CaptureReplay replay = pipeline.replay();
        for (String file : files) {
            if (stopped) {
                break;
            }
            long before = replay.counters().framesRead();
            try (CaptureFileReader reader = file.equals("-")
                    ? CaptureFileReader.open(stdin, "stdin")
                    : CaptureFileReader.open(Path.of(file))) {
                replay.run(reader);
                LOG.info("replayed {} ({}): {} packets", reader.name(), reader.format(),
                        replay.counters().framesRead() - before);
            } catch (CaptureFormatException e) {
                failed++;
                pipeline.corruptInput();
                LOG.error("{} (the {} packets before the damage were delivered)", e.getMessage(),
                        replay.counters().framesRead() - before);
            } catch (NoSuchFileException e) {
                failed++;
                pipeline.unreadableInput();
                LOG.error("cannot read {}: no such file", file);
            } catch (IOException e) {
                failed++;
                pipeline.unreadableInput();
                LOG.error("cannot read {}: {}", file, e.getMessage());
            }
        }
        return failed;
    }

    /** Stops after the current packet; what was read is flushed. */
    public void stop() {
        stopped = true;
        pipeline.replay().stop();
    }
}
