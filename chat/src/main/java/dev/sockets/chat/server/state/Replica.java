package dev.sockets.chat.server.state;


import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's copy of what the other nodes of a cluster have: their users, memberships, topics and
 * modes, kept from the {@link NetworkEvent}s they publish, and the delivery of their lines to local
 * users. Also the other way round: {@link #burst()} describes this server's own users for a node that
 * (re)joins.
 *
 * <p>Netsplits and netjoins: when a node is lost ({@link #nodeLost}) its users quit with the reason
 * {@value #SPLIT_REASON}, as IRC users know it. A node (re)joining sends a burst between
 * {@link #beginBurst} and {@link #endBurst}: users and memberships new to this server are shown as JOINs;
 * those known before but missing from the burst quit or part. So a short outage that no one noticed
 * shows nothing, and a long one shows a split and a join.
 *
 * <p>Threading: called by the network's one receiving thread, events in the order the node published
 * them; state changes run under the registry lock. Unknown nicks and channels are ignored: events can
 * race (a message to a user who just left).
 */
public final class Replica {

    /** The QUIT reason of users whose node is lost: hides the topology, as large IRC networks do. */
    public static final String SPLIT_REASON = "*.net *.split";

    private static final Logger log = LoggerFactory.getLogger(Replica.class);

    private final Registry registry;
    private final Peers network;
    private final String serverName;
    /** Per node, the burst in progress; guarded by the registry lock. */
    private final Map<String, Burst> bursts = new HashMap<>();

    /** What a node had before its burst, and what the burst confirmed. */
    private record Burst(Map<RemoteUser, Set<Channel>> before, Set<RemoteUser> confirmed,
                         Map<RemoteUser, Set<Channel>> joined) { }

    public Replica(Registry registry, String serverName) {
        this.registry = registry;
        this.network = registry.peers();
        this.serverName = serverName;
    }

    private volatile Heard heard = Heard.NOTHING;

    public void onHeard(Heard h) {
        this.heard = h;
    }

    /** Applies one event published by {@code node}. */
    public void apply(String node, NetworkEvent event) {
        if (event instanceof NetworkEvent.ToChannel t && !DepartureLines.isDeparture(t.line())) {
            char status = t.channel().isEmpty() ? 0 : t.channel().charAt(0);
            if (status == '@' || status == '+') {
                // A STATUSMSG, addressed as in its line: member status is read under the lock.
                Channel ch = registry.channel(t.channel().substring(1));
                if (ch != null) {
                    User except = t.except() == null ? null : registry.user(t.except());
                    recent(t, ch, except);
                    registry.countFanOut(registry.exclusive(() -> ch.deliverToLocalStatus(t.tagged(), status, except)));
                }
                return;
            }
            // The hot path: lock-free, like a local channel message.
            Channel ch = registry.channel(t.channel());
            if (ch != null) {
                User sender = t.except() == null ? null : registry.user(t.except());
                recent(t, ch, sender);
                registry.countFanOut(ch.deliverToLocalMembers(t.tagged(), sender));
                heard.channel(ch, t.kept());
            }
            return;
        }
        registry.changeAndGet(false, tx -> {
            apply(tx, node, event);
            return null;
        });
    }

    private void apply(Change tx, String node, NetworkEvent event) {
        switch (event) {
            case NetworkEvent.Intro i -> intro(tx, node, i);
            case NetworkEvent.Nick n -> {
                if (remote(node, n.oldNick()) instanceof RemoteUser u) {
                    rename(tx, node, u, n.newNick());
                }
            }
            case NetworkEvent.Quit q -> {
                if (remote(node, q.nick()) instanceof RemoteUser u) {
                    tx.quit(u);
                }
            }
            case NetworkEvent.Join j -> join(tx, node, j);
            case NetworkEvent.Leave l -> {
                User u = registry.user(l.nick());
                Channel ch = registry.channel(l.channel());
                if (u != null && ch != null) {
                    tx.leave(u, ch);
                }
            }
            case NetworkEvent.Topic t -> {
                Channel ch = registry.channel(t.channel());
                if (ch != null) {
                    tx.setTopic(ch, t.text(), t.setBy(), t.setMillis(), node);
                }
            }
            case NetworkEvent.Modes m -> {
                Channel ch = registry.channel(m.channel());
                if (ch != null) {
                    tx.setModes(ch, m.flags(), m.key(), m.limit(), m.setMillis(), node);
                }
            }
            case NetworkEvent.Voice v -> {
                Channel ch = registry.channel(v.channel());
                User u = registry.user(v.nick());
                if (ch != null && u != null) {
                    tx.setVoice(ch, u, v.on());
                }
            }
            case NetworkEvent.MaskList m -> {
                Channel ch = registry.channel(m.channel());
                if (ch != null && Channel.LIST_MODES.indexOf(m.mode()) >= 0) {
                    tx.setMasks(ch, m.mode(), m.entries(), m.setMillis(), node);
                }
            }
            case NetworkEvent.Invite i -> {
                Channel ch = registry.channel(i.channel());
                User u = registry.user(i.nick());
                if (ch != null && u != null) {
                    tx.invite(ch, u);
                }
            }
            case NetworkEvent.Operator o -> {
                Channel ch = registry.channel(o.channel());
                User u = registry.user(o.nick());
                if (ch != null && u != null) {
                    tx.setOperator(ch, u, o.operator());
                }
            }
            case NetworkEvent.Away a -> {
                if (remote(node, a.nick()) instanceof RemoteUser u) {
                    tx.setAway(u, a.text());
                }
            }
            case NetworkEvent.Account a -> {
                if (remote(node, a.nick()) instanceof RemoteUser u) {
                    tx.setAccount(u, a.account());
                }
            }
            case NetworkEvent.MetadataSet m -> {
                Channel ch = m.target().startsWith("#") ? registry.channel(m.target()) : null;
                User u = ch == null ? remote(node, m.target()) : null;
                if (ch != null || u != null) {
                    tx.setMetadata(u, ch, m.key(), m.value(), null);
                }
            }
            case NetworkEvent.RealName r -> {
                if (remote(node, r.nick()) instanceof RemoteUser u) {
                    tx.setRealName(u, r.realName());
                }
            }
            case NetworkEvent.Bot b -> {
                if (remote(node, b.nick()) instanceof RemoteUser u) {
                    tx.setBot(u, b.on());
                }
            }
            case NetworkEvent.Invisible i -> {
                if (remote(node, i.nick()) instanceof RemoteUser u) {
                    tx.setInvisible(u, i.on());
                }
            }
            case NetworkEvent.UserModes m -> {
                if (remote(node, m.nick()) instanceof RemoteUser u) {
                    tx.setIrcOperator(u, m.ircOperator());
                    tx.setWallops(u, m.wallops());
                }
            }
            case NetworkEvent.Kill k -> {
                // Only the victim's own node can end its connection; it then announces the QUIT.
                if (registry.user(k.nick()) instanceof Client c && c.isRegistered()) {
                    c.disconnect(Departure.KILLED, k.reason(), c.closingLink(k.reason()), false);
                }
            }
            case NetworkEvent.Wallops w -> tx.toWallops(w.line());
            case NetworkEvent.ToUser t -> {
                if (registry.user(t.nick()) instanceof Client c) {
                    tx.toUser(c, t.tagged());
                    heard.user(c, t.kept());
                }
            }
            case NetworkEvent.ToPeers t -> {
                RemoteUser u = remote(node, t.nick());
                if (u != null) {
                    tx.toPeers(u, t.tagged());
                    // The node sends the QUIT or NICK line before the state event that follows it: apply
                    // that change now, with the line, so that whoever reads it finds the state already
                    // changed (the state event then finds nothing left to do).
                    IrcLine l = DepartureLines.departure(t.line());
                    if (l != null && l.command().equals("QUIT")) {
                        tx.quit(u);
                    } else if (l != null && l.command().equals("NICK") && l.paramCount() == 1) {
                        rename(tx, node, u, l.param(0));
                    }
                }
            }
            case NetworkEvent.ToChannel t -> {
                // A PART or KICK line, sent before its Leave event: the member leaves with the line.
                Channel ch = registry.channel(t.channel());
                IrcLine l = DepartureLines.departure(t.line());
                if (ch == null || l == null) {
                    return;
                }
                tx.toChannel(ch, t.tagged(), t.except() == null ? null : registry.user(t.except()));
                User gone = l.command().equals("KICK") && l.paramCount() >= 2 ? registry.user(l.param(1))
                        : l.command().equals("PART") && l.prefix() != null ? registry.user(DepartureLines.nickOf(l.prefix())) : null;
                if (gone != null) {
                    tx.leave(gone, ch);
                }
            }
        }
    }

    /**
     * Keeps the ring of recent messages as the sending node keeps its own, before the members see the line
     * (one who answers at once with a REDACT must find the message): a message is recorded, and a message
     * its node redacted is forgotten, so that it is unknown to a REDACT here as it is there.
     */
    private void recent(NetworkEvent.ToChannel t, Channel ch, User sender) {
        String msgid = t.tagged().msgidIfMade();
        if (sender != null && msgid != null && !msgid.isEmpty()) {
            registry.recentMessages().record(t.tagged(), sender, ch.name(), null);
        } else if (t.tagged().requires() == Capability.MESSAGE_REDACTION) {
            IrcLine l = IrcLine.parseWire(t.line());
            if (l != null && l.command().equals("REDACT") && l.paramCount() >= 2) {
                registry.recentMessages().forgetRedacted(l.param(1), ch.name());
            }
        }
    }

    private void rename(Change tx, String node, RemoteUser u, String newNick) {
        if (newNick.equals(u.nick())) {
            return;
        }
        if (!registry.renameRemote(tx, u, newNick)) {
            // Its new nick is in use here: only after a split, before the nick registry sorted it
            // out. Forget the user rather than keep it under no name.
            log.warn("chat: cluster: {} renames a user to {}, a nick in use here; dropped", node, newNick);
            quit(tx, u, SPLIT_REASON);
        }
    }

    private void intro(Change tx, String node, NetworkEvent.Intro i) {
        if (!CaseMapping.isValidNick(i.nick(), IrcLine.MAX_CONTENT) || !printable(i.user()) || !printable(i.host())) {
            log.debug("chat: cluster: {} announces a malformed user; ignored", node);
            return;
        }
        RemoteUser u = remote(node, i.nick());
        if (u == null) {
            u = new RemoteUser(node, i.nick(), i.user(), i.host(), i.realName(), network);
            if (!registry.addRemote(u)) {
                // Only after a split, before the nick registry sorted it out: the other node renames its user.
                log.warn("chat: cluster: {} announces {}, a nick in use here; ignored", node, i.nick());
                return;
            }
            tx.signedOn(u);
        }
        tx.setAway(u, i.away());
        tx.setInvisible(u, i.invisible());
        tx.setBot(u, i.bot());
        tx.setAccount(u, i.account());
        if (i.realName() != null) {
            tx.setRealName(u, i.realName());
        }
        Burst b = bursts.get(node);
        if (b != null) {
            b.confirmed().add(u);
        }
    }

    private void join(Change tx, String node, NetworkEvent.Join j) {
        RemoteUser u = remote(node, j.nick());
        if (u == null) {
            return;
        }
        Channel ch = tx.join(u, j.channel(), j.operator(), null);
        Channel joined = ch != null ? ch : registry.channel(j.channel());
        if (joined != null) {
            joined.adoptCreated(j.createdMillis());
        }
        Burst b = bursts.get(node);
        if (b == null) {
            return; // live: the JOIN line follows as a ToChannel event
        }
        Channel now = ch != null ? ch : registry.channel(j.channel());
        b.joined().computeIfAbsent(u, k -> new HashSet<>()).add(now);
        if (ch != null) {
            // New to this server: a netjoin, shown as the JOIN the user would have seen.
            tx.toChannel(ch, Channel.joinLine(u, ch.name()), u);
        } else {
            // Its node says what the member's status is: operator as in the Join, voice by a Voice event after.
            tx.setOperator(now, u, j.operator());
            tx.setVoice(now, u, false);
        }
    }

    /** One word of visible ASCII, as a user or host name in a prefix must be. */
    private static boolean printable(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> ch > ' ' && ch < 0x7f && ch != '!' && ch != '@');
    }

    /** The user {@code nick} if it is one of {@code node}'s. */
    private RemoteUser remote(String node, String nick) {
        return registry.user(nick) instanceof RemoteUser r && r.node().equals(node) ? r : null;
    }

    /** {@code node} starts describing everything it has (it joined or rejoined the network). */
    public void beginBurst(String node) {
        registry.exclusive(() -> {
            Map<RemoteUser, Set<Channel>> before = new HashMap<>();
            for (RemoteUser u : registry.remoteUsers(node)) {
                before.put(u, new HashSet<>(u.channels()));
            }
            bursts.put(node, new Burst(before, new HashSet<>(), new HashMap<>()));
        });
    }

    /** {@code node}'s burst is complete: what it no longer has is gone. */
    public void endBurst(String node) {
        registry.changeAndGet(false, tx -> {
            Burst b = bursts.remove(node);
            if (b == null) {
                return null;
            }
            for (Map.Entry<RemoteUser, Set<Channel>> e : b.before().entrySet()) {
                RemoteUser u = e.getKey();
                if (!b.confirmed().contains(u)) {
                    quit(tx, u, SPLIT_REASON);
                    continue;
                }
                Set<Channel> still = b.joined().getOrDefault(u, Set.of());
                for (Channel ch : e.getValue()) {
                    if (!still.contains(ch) && ch.hasMember(u)) {
                        tx.toChannel(ch, IrcLine.formatTrailing(u.prefix(), "PART", ch.name(), SPLIT_REASON), u);
                        tx.leave(u, ch);
                    }
                }
            }
            return null;
        });
    }

    /** {@code node} is gone (stopped, dead, or unreachable): its users quit for local users. */
    public void nodeLost(String node) {
        registry.changeAndGet(false, tx -> {
            bursts.remove(node);
            List<RemoteUser> users = registry.remoteUsers(node);
            for (RemoteUser u : users) {
                quit(tx, u, SPLIT_REASON);
            }
            if (!users.isEmpty()) {
                log.info("chat: cluster: node {} lost, users quit: {} ({})", node, users.size(), SPLIT_REASON);
            }
            return null;
        });
    }

    /** Every node with users here is lost (this server lost the network). */
    public void allNodesLost() {
        for (String node : registry.exclusive(registry::remoteNodes)) {
            nodeLost(node);
        }
    }

    /** Its peers here see it quit once it is gone: the QUIT is recorded first only to fix who gets it. */
    private void quit(Change tx, RemoteUser u, String reason) {
        tx.toPeers(u, IrcLine.formatTrailing(u.prefix(), "QUIT", reason));
        tx.quit(u);
    }

    /**
     * This server's state as events, for a node that (re)joins: every registered local user, then each of
     * their memberships, then the topic and modes of those channels.
     */
    public List<NetworkEvent> burst() {
        return registry.exclusive(() -> {
            List<NetworkEvent> events = new ArrayList<>();
            Set<Channel> channels = new HashSet<>();
            for (Client c : registry.clients()) {
                if (c.isRegistered() && !c.isLeaving()) {
                    events.add(Registry.intro(c));
                    // Always, not only when set: a -o lost during a split must not leave +o elsewhere.
                    events.add(new NetworkEvent.UserModes(c.nick(), c.isIrcOperator(), c.receivesWallops()));
                    Metadata.burst(events, c.nick(), c.metadata());
                    channels.addAll(c.channels());
                }
            }
            for (Channel ch : channels) {
                for (User m : ch.members()) {
                    if (m instanceof Client c && c.isRegistered() && !c.isLeaving()) {
                        events.add(new NetworkEvent.Join(c.nick(), ch.name(), ch.isOperator(c), ch.createdMillis()));
                        if (ch.isVoiced(c)) {
                            events.add(new NetworkEvent.Voice(ch.name(), c.nick(), true));
                        }
                    }
                }
                for (char list : Channel.LIST_MODES.toCharArray()) {
                    if (ch.maskListSetMillis(list) != 0) {
                        events.add(new NetworkEvent.MaskList(ch.name(), list, ch.maskList(list), ch.maskListSetMillis(list)));
                    }
                }
                if (ch.topicSetBy() != null) { // set, or cleared: a clear is news too
                    events.add(new NetworkEvent.Topic(ch.name(), ch.topic() == null ? "" : ch.topic(),
                            ch.topicSetBy(), ch.topicSetMillis()));
                }
                events.add(new NetworkEvent.Modes(ch.name(), ch.flags(), ch.joinKey(), ch.limit(),
                        ch.modesSetMillis()));
                Metadata.burst(events, ch.name(), ch.metadata());
            }
            for (Client c : registry.clients()) {
                if (c.isRegistered() && !c.isLeaving()) {
                    for (Channel ch : c.invites()) {
                        if (registry.channel(ch.name()) == ch) {
                            events.add(new NetworkEvent.Invite(ch.name(), c.nick()));
                        }
                    }
                }
            }
            return events;
        });
    }

    /**
     * A local user lost its nick to another node's user while the network was split: it gets a nick
     * nobody has, chosen by {@code candidates} until one is free, and a NOTICE saying why.
     */
    public void renameAfterCollision(Client c, Iterable<String> candidates) {
        if (c.isLeaving()) {
            return;
        }
        String old = c.nick();
        for (String nick : candidates) {
            byte[] line = IrcLine.formatTrailing(c.prefix(), "NICK", nick);
            if (registry.changeNick(c, nick, line)) {
                c.send(IrcLine.formatTrailing(serverName, "NOTICE", nick, "*** Your nick " + old
                        + " is in use on another server of the network; you are now " + nick));
                return;
            }
        }
        c.disconnect(Departure.COLLISION, "Nick collision", c.closingLink("Nick collision"), false);
    }

    /** The local client holding {@code foldedNick}, or null. */
    public Client localClient(String foldedNick) {
        return registry.user(foldedNick) instanceof Client c ? c : null;
    }

    /** Runs {@code action} under the registry lock: nothing local changes meanwhile. */
    public void locked(Runnable action) {
        registry.exclusive(action);
    }

    /** Whether the calling thread holds the registry lock (the last lock of any order). */
    public boolean lockedByCurrentThread() {
        return registry.lockedByCurrentThread();
    }

    /** Tells every local user something (NOTICE from the server). */
    public void noticeAll(String text) {
        for (Client c : registry.clients()) {
            c.send(IrcLine.formatTrailing(serverName, "NOTICE", c.nickOrStar(), text));
        }
    }
}
