package io.ikebana.cli;

import picocli.CommandLine.Command;

/** {@code ikebana}: the top command. */
@Command(name = "ikebana", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Ikebana, a clustered IKEv2 VPN gateway.",
        subcommands = {GatewayCommand.class, ClientCommand.class, LoadgenCommand.class, DemoCommand.class})
public final class IkebanaCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
