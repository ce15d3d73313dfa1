package io.purertc.server;

/** Command-line entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("purertc: nothing to do yet");
    }
}
