package io.ikebana.esp;

import java.net.InetSocketAddress;

/** The UDP endpoints ESP of a Child SA is sent between (replaced as a whole on MOBIKE updates). */
record Endpoints(InetSocketAddress local, InetSocketAddress remote) {
}
