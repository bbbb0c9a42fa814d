package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final InetAddress A = InetAddress.getLoopbackAddress();

    @Test
    void aRefusalGivesBackTheServerWidePlaceItTook() throws Exception {
        Admission admission = new Admission(Limits.defaults().withMaxConnections(2).withMaxConnectionsPerIp(1)
                .refusingWith("busy"), () -> { });
        Admission.Verdict first = admission.admit(A, false);
        assertThat(first).isInstanceOf(Admission.Admitted.class);
        for (int i = 0; i < 5; i++) { // refused per IP: each would hold the second place if it kept it
            assertThat(admission.admit(A, false)).isEqualTo(new Admission.Refused(Admission.Why.PER_ADDRESS));
        }
        Admission.Verdict other = admission.admit(InetAddress.getByName("127.0.0.2"), false);
        assertThat(other).isInstanceOf(Admission.Admitted.class);
        assertThat(admission.admit(InetAddress.getByName("127.0.0.3"), false)).isEqualTo(new Admission.Refused(Admission.Why.FULL));
        ((Admission.Admitted) first).leave();
        assertThat(admission.admit(A, false)).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void stoppingAndTheConnectRateRefuseAndHoldNothing() {
        AtomicInteger rateRefusals = new AtomicInteger();
        Admission admission = new Admission(Limits.defaults().withMaxConnections(1).refusingWith("x")
                .withConnectRatePerIp(0.001, 1, true), rateRefusals::incrementAndGet);
        assertThat(admission.admit(A, true)).isEqualTo(new Admission.Refused(Admission.Why.STOPPING));
        Admission.Verdict served = admission.admit(A, false);
        assertThat(served).isInstanceOf(Admission.Admitted.class);
        ((Admission.Admitted) served).leave();
        assertThat(admission.admit(A, false)).isEqualTo(new Admission.Refused(Admission.Why.RATE));
        assertThat(rateRefusals).hasValue(1);
    }

    @Test
    void waitingInTheBacklogARefusedConnectionGivesBackThePlaceTakenBeforeAccept() throws Exception {
        Admission admission = new Admission(Limits.defaults().withMaxConnections(2).withMaxConnectionsPerIp(1), () -> { });
        admission.awaitRoom();
        assertThat(admission.admit(A, false)).isInstanceOf(Admission.Admitted.class);
        admission.awaitRoom();
        assertThat(admission.admit(A, false)).isInstanceOf(Admission.Refused.class);
        // Had the refused one kept its place, this would block for good: the second place is free.
        assertTimeoutPreemptively(Duration.ofSeconds(5), admission::awaitRoom);
    }

    /** Waiting in the backlog is for the server's own listener; a connection accepted elsewhere never blocks. */
    @Test
    void aConnectionAcceptedElsewhereTakesAPlaceWithoutWaitingAndSharesThePerAddressCount() throws Exception {
        Admission admission = new Admission(Limits.defaults().withMaxConnections(2).withMaxConnectionsPerIp(1), () -> { });
        admission.awaitRoom();
        Admission.Verdict own = admission.admit(A, false);
        assertThat(own).isInstanceOf(Admission.Admitted.class);
        assertThat(admission.admitAcceptedElsewhere(A, false)).isEqualTo(new Admission.Refused(Admission.Why.PER_ADDRESS));
        InetAddress b = InetAddress.getByName("127.0.0.2");
        Admission.Verdict elsewhere = admission.admitAcceptedElsewhere(b, false);
        assertThat(elsewhere).isInstanceOf(Admission.Admitted.class);
        assertThat(admission.admitAcceptedElsewhere(InetAddress.getByName("127.0.0.3"), false))
                .isEqualTo(new Admission.Refused(Admission.Why.FULL));
        ((Admission.Admitted) elsewhere).leave();
        assertTimeoutPreemptively(Duration.ofSeconds(5), admission::awaitRoom); // its place came back
    }
}
