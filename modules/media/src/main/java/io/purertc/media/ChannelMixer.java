package io.purertc.media;

/** Up- and down-mixing between mono and stereo PCM. */
public final class ChannelMixer {

    private ChannelMixer() {
    }

    /**
     * The frame with {@code channels} channels: mono becomes stereo by giving both sides the same
     * signal; stereo becomes mono by averaging the sides, which cannot clip. A frame that already
     * has that many channels is returned as it is.
     *
     * @param channels 1 or 2; other layouts are an {@link IllegalArgumentException}
     */
    public static AudioFrame remix(AudioFrame frame, int channels) {
        if (frame.channels() == channels) {
            return frame;
        }
        if (frame.channels() == 1 && channels == 2) {
            return toStereo(frame);
        }
        if (frame.channels() == 2 && channels == 1) {
            return toMono(frame);
        }
        throw new IllegalArgumentException("no mix from " + frame.channels() + " to " + channels + " channels");
    }

    private static AudioFrame toStereo(AudioFrame mono) {
        short[] in = mono.samples();
        short[] out = new short[in.length * 2];
        for (int i = 0; i < in.length; i++) {
            out[2 * i] = in[i];
            out[2 * i + 1] = in[i];
        }
        return new AudioFrame(out, mono.sampleRate(), 2, mono.captureTimeMicros());
    }

    private static AudioFrame toMono(AudioFrame stereo) {
        short[] in = stereo.samples();
        short[] out = new short[in.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.floorDiv(in[2 * i] + in[2 * i + 1], 2);
        }
        return new AudioFrame(out, stereo.sampleRate(), 1, stereo.captureTimeMicros());
    }
}
