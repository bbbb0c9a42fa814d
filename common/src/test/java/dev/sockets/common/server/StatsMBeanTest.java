package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The stats line's counters, live over JMX as {@code sockets:type=Server,name=NAME}. */
class StatsMBeanTest {

    @Test
    void everyCounterOfTheStatsLineIsAReadOnlyAttributeReadLive() throws Exception {
        ServerStats stats = new ServerStats("echo-jmx-test");
        stats.counter("messages_in").add(3);
        ObjectName name = StatsMBean.register(stats);
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        try {
            assertThat(name.toString()).isEqualTo("sockets:name=echo-jmx-test,type=Server");
            assertThat(mbs.getAttribute(name, "messages_in")).isEqualTo(3L);
            assertThat(mbs.getAttribute(name, "connections_total")).isEqualTo(0L);
            stats.connectionOpened();
            stats.counter("messages_in").increment();
            assertThat(mbs.getAttribute(name, "connections_total")).isEqualTo(1L);
            assertThat(mbs.getAttribute(name, "messages_in")).isEqualTo(4L);
            assertThat(mbs.getMBeanInfo(name).getAttributes()).extracting(a -> a.getName())
                    .containsAll(stats.snapshot().keySet());
            assertThatThrownBy(() -> mbs.getAttribute(name, "nope")).isInstanceOf(AttributeNotFoundException.class);
            // registering a server of the same name again replaces the old one (which had messages_in)
            StatsMBean.register(new ServerStats("echo-jmx-test"));
            assertThat(mbs.getAttribute(name, "connections_total")).isEqualTo(0L);
            assertThatThrownBy(() -> mbs.getAttribute(name, "messages_in")).isInstanceOf(AttributeNotFoundException.class);
        } finally {
            mbs.unregisterMBean(name);
        }
    }
}
