package dev.sockets.common.server;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Exposes a server's {@link ServerStats} as a read-only JMX MBean named
 * {@code sockets:type=Server,name=NAME}, one attribute per counter of the stats line, so jconsole and
 * JDK Mission Control show them live. Attributes are read when asked: nothing is copied on the hot path.
 */
public final class StatsMBean implements DynamicMBean {

    private final ServerStats stats;

    private StatsMBean(ServerStats stats) {
        this.stats = stats;
    }

    /** The MBean name used for {@code serverName}. */
    public static ObjectName objectName(String serverName) throws JMException {
        java.util.Hashtable<String, String> keys = new java.util.Hashtable<>();
        keys.put("type", "Server");
        keys.put("name", serverName.matches("[A-Za-z0-9._-]+") ? serverName : ObjectName.quote(serverName));
        return new ObjectName("sockets", keys);
    }

    /**
     * Registers the stats with the platform MBean server, replacing an earlier registration under the
     * same name. Returns the name.
     */
    public static ObjectName register(ServerStats stats) throws JMException {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = objectName(stats.server());
        if (mbs.isRegistered(name)) {
            mbs.unregisterMBean(name);
        }
        mbs.registerMBean(new StatsMBean(stats), name);
        return name;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Long v = stats.snapshot().get(attribute);
        if (v == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return v;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("read-only: " + attribute.getName());
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Long> snap = stats.snapshot();
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            if (snap.containsKey(a)) {
                list.add(new Attribute(a, snap.get(a)));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations: the stats are read-only");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanAttributeInfo[] attrs = stats.snapshot().keySet().stream()
                .map(k -> new MBeanAttributeInfo(k, "long", "counter " + k, true, false, false))
                .toArray(MBeanAttributeInfo[]::new);
        return new MBeanInfo(StatsMBean.class.getName(), "sockets server " + stats.server() + " counters",
                attrs, null, null, null);
    }
}
