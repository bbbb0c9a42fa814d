package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.TaggedLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One change of the shared chat state, opened by {@link Registry#change}: the only way nicks,
 * memberships, topics, modes, away messages and users change. Each mutator changes the state at once
 * and records what the change means for others: lines for local users (whose recipients are fixed when
 * the line is recorded: a PART still reaches the user who parts) and, when this change is announced,
 * {@link NetworkEvent}s for the other nodes. A mutator that changes nothing records nothing.
 *
 * <p>Why: a user who sees a PART, KICK or QUIT acts on it (a message to the channel, a WHOIS); if the
 * line went out first, the action could still find the departed user there. So the lines are delivered
 * only when the change commits, after every mutation, and the events are published after the lines, in
 * the order they were recorded (the order other nodes apply them). The {@link Replica} applies remote
 * events through the same mutators, with announcing off.
 *
 * <p>Threading: used only by the thread holding the registry lock, inside {@link Registry#change}.
 */
public final class Change {

    /** A line and who gets it, fixed when recorded. */
    private record Delivery(User[] recipients, User except, TaggedLine line) { }

    private final Registry registry;
    private final boolean announce;
    private final List<Delivery> lines = new ArrayList<>();
    private final List<NetworkEvent> events = new ArrayList<>();

    Change(Registry registry, boolean announce) {
        this.registry = registry;
        this.announce = announce;
    }

    /** Whether other nodes hear of this change (false while applying theirs). */
    public boolean announces() {
        return announce;
    }

    // --- lines ---

    /** {@code line} for the user {@code u} (local: queued at commit; remote: published to its node). */
    public void toUser(User u, byte[] line) {
        toUser(u, TaggedLine.now(line));
    }

    /** {@code line} with its tags for the user {@code u}. */
    public void toUser(User u, TaggedLine line) {
        if (u.isLocal()) {
            lines.add(new Delivery(new User[] {u}, null, line));
        } else if (announce) {
            events.add(new NetworkEvent.ToUser(u.nick(), line));
        }
    }

    /** {@code line} for the members of {@code ch} now, except {@code except} (may be null), on every node. */
    public void toChannel(Channel ch, byte[] line, User except) {
        toChannel(ch, TaggedLine.now(line), except);
    }

    /** {@code line} with its tags for the members of {@code ch} now, except {@code except}, on every node. */
    public void toChannel(Channel ch, TaggedLine line, User except) {
        lines.add(new Delivery(ch.members(), except, line));
        if (announce && registry.peers().clustered()) {
            events.add(new NetworkEvent.ToChannel(ch.name(), except == null ? null : except.nick(), line));
        }
    }

    /** {@code line} for everyone sharing a channel with {@code u} now, without {@code u}, on every node. */
    public void toPeers(User u, byte[] line) {
        toPeers(u, TaggedLine.now(line));
    }

    /** {@code line} with its tags for everyone sharing a channel with {@code u} now, on every node. */
    public void toPeers(User u, TaggedLine line) {
        Set<User> peers = registry.peersOf(u);
        boolean watched = line.requires() != null && line.requires().reachesWatchers();
        if (watched) {
            // extended-monitor: a watcher is told as if it shared a channel, and only once if it does.
            for (Client w : registry.monitors().watching(u.nick())) {
                if (w != u && w.has(Capability.EXTENDED_MONITOR)) {
                    peers.add(w);
                }
            }
        }
        lines.add(new Delivery(peers.toArray(User[]::new), null, line));
        // In a cluster, also when no remote peer is known here: another node's may not be known yet; and
        // without any channel when watchers on other nodes may want it.
        if (announce && registry.peers().clustered() && u.isLocal() && (watched || !u.channels().isEmpty())) {
            events.add(new NetworkEvent.ToPeers(u.nick(), line));
        }
    }

    /** A line for one local client, queued at commit (MONITOR and metadata news). */
    void toLocal(Client w, byte[] line) {
        lines.add(new Delivery(new User[] {w}, null, TaggedLine.now(line)));
    }

    /**
     * Sets ({@code value}) or unsets (null) {@code key} of the metadata of user {@code u} or, when not null, of
     * channel {@code ch}; the subscribers sharing a channel with the user, or in the channel, hear of it, but
     * {@code except}. False when that changes nothing.
     */
    public boolean setMetadata(User u, Channel ch, String key, String value, User except) {
        if (!(ch != null ? ch.metadata() : u.metadata()).put(key, value)) {
            return false;
        }
        String target = ch != null ? ch.name() : u.nick();
        Metadata.changed(this, ch != null ? List.of(ch.members()) : registry.peersOf(u), except, target, key, value);
        announce(new NetworkEvent.MetadataSet(target, key, value));
        return true;
    }

    /** After {@code u} joined {@code ch}: the metadata news it and the members subscribed to. */
    public void metadataOnJoin(User u, Channel ch) {
        Metadata.joined(this, u, ch);
    }

    private void announce(NetworkEvent event) {
        if (announce) {
            events.add(event);
        }
    }

    // --- users ---

    /** A local client completed registration: the other nodes hear of it. */
    public void introduce(Client c) {
        if (registry.peers().clustered()) {
            announce(Registry.intro(c));
        }
    }

    /** Renames {@code u} in the nick table (the caller checked {@code nick} is free or its own). */
    void rename(User u, String nick) {
        String old = u.nick();
        String oldKey = old == null ? null : CaseMapping.fold(old);
        String key = CaseMapping.fold(nick);
        if (oldKey != null && !oldKey.equals(key)) {
            registry.unmapNick(oldKey, u);
        }
        if (old != null && u.isRegistered() && !old.equals(nick)) {
            registry.whowas().record(old, u);
        }
        boolean another = old != null && u.isRegistered() && !CaseMapping.fold(old).equals(key);
        if (another) {
            signedOff(old);
        }
        u.setNick(nick);
        if (another) {
            signedOn(u);
        }
        if (old != null && u.isRegistered() && u.isLocal()) {
            announce(new NetworkEvent.Nick(old, nick));
        }
    }

    /**
     * The user is gone: out of its channels, the nick table and the user lists; records its QUIT for
     * the other nodes when it was a registered local user.
     *
     * @return the folded nick it held, to give back to the network, or null
     */
    String quit(User u) {
        for (Channel ch : List.copyOf(u.channels())) {
            removeMember(u, ch);
        }
        String held = u.nick() == null ? null : CaseMapping.fold(u.nick());
        if (held != null && !registry.unmapNick(held, u)) {
            held = null;
        }
        boolean wasListed = registry.unlist(u);
        if (u instanceof Client c) {
            for (String watched : c.monitoredNicks()) {
                registry.monitors().unwatch(c, watched);
            }
        }
        if (wasListed && u.isRegistered()) {
            signedOff(u.nick());
            registry.whowas().record(u.nick(), u);
            if (u.isLocal()) {
                registry.localUserGone();
            }
        }
        if (wasListed && u.isLocal() && u.isRegistered()) {
            announce(new NetworkEvent.Quit(u.nick()));
        }
        return held;
    }

    /** MONITOR: those watching {@code u}'s nick hear it is online (730), when the change commits. */
    void signedOn(User u) {
        for (Client w : registry.monitors().watching(u.nick())) {
            lines.add(new Delivery(new User[] {w}, null,
                    TaggedLine.now(w.numericLine(dev.sockets.chat.protocol.Numeric.RPL_MONONLINE, u.prefix()))));
        }
    }

    /** MONITOR: those watching {@code nick} hear it is offline (731), when the change commits. */
    void signedOff(String nick) {
        for (Client w : registry.monitors().watching(nick)) {
            lines.add(new Delivery(new User[] {w}, null,
                    TaggedLine.now(w.numericLine(dev.sockets.chat.protocol.Numeric.RPL_MONOFFLINE, nick))));
        }
    }

    /**
     * One field of a user changed unless {@code same}: {@code set} changes it, and {@code event} (null: none)
     * tells the other nodes when the user is local. Whoever shows the change (AWAY, ACCOUNT lines...) records
     * those lines itself.
     *
     * @return false (nothing done) when it already was so
     */
    private boolean setField(User u, boolean same, Runnable set, NetworkEvent event) {
        if (same) {
            return false;
        }
        set.run();
        if (u.isLocal() && event != null) {
            announce(event);
        }
        return true;
    }

    /** Sets (text) or clears (null) {@code u}'s away message; false when it already was so. */
    public boolean setAway(User u, String text) {
        return setField(u, Objects.equals(u.away(), text), () -> u.setAwayField(text), new NetworkEvent.Away(u.nick(), text));
    }

    /** Sets {@code u}'s real name (SETNAME); false when it already was so. */
    public boolean setRealName(User u, String realName) {
        return setField(u, Objects.equals(u.realName(), realName), () -> u.setRealNameField(realName),
                new NetworkEvent.RealName(u.nick(), realName));
    }

    /** Logs {@code u} in to {@code account} (null: out); an unregistered user is announced with it in its Intro. */
    public boolean setAccount(User u, String account) {
        return setField(u, Objects.equals(u.account(), account), () -> u.setAccountField(account),
                u.isRegistered() ? new NetworkEvent.Account(u.nick(), account) : null);
    }

    /** Sets or clears user mode +B of {@code u}; false when it already was so. */
    public boolean setBot(User u, boolean on) {
        return setField(u, u.isBot() == on, () -> u.setBotField(on), new NetworkEvent.Bot(u.nick(), on));
    }

    /** Sets or clears user mode +i of {@code u}. */
    public void setInvisible(User u, boolean on) {
        setField(u, u.isInvisible() == on, () -> u.setInvisibleField(on), new NetworkEvent.Invisible(u.nick(), on));
    }

    /** Sets or clears user mode +o (IRC operator) of {@code u}; false when already so. */
    public boolean setIrcOperator(User u, boolean on) {
        return setField(u, u.isIrcOperator() == on, () -> u.setIrcOperatorField(on),
                new NetworkEvent.UserModes(u.nick(), on, u.receivesWallops()));
    }

    /** Sets or clears user mode +w (receives WALLOPS) of {@code u}; false when already so. */
    public boolean setWallops(User u, boolean on) {
        return setField(u, u.receivesWallops() == on, () -> u.setWallopsField(on),
                new NetworkEvent.UserModes(u.nick(), u.isIrcOperator(), on));
    }

    /**
     * {@code line} for every user with mode +w, on every node. Its recipients are fixed now, like a
     * channel line's.
     */
    public void toWallops(byte[] line) {
        List<User> to = new ArrayList<>();
        for (Client c : registry.clients()) {
            if (c.isRegistered() && c.receivesWallops()) {
                to.add(c);
            }
        }
        lines.add(new Delivery(to.toArray(User[]::new), null, TaggedLine.now(line)));
        if (announce && registry.peers().clustered()) {
            events.add(new NetworkEvent.Wallops(line));
        }
    }

    /**
     * Asks the node of the remote user {@code u} to disconnect it with {@code reason} (KILL); that node then
     * announces its QUIT. A local user is disconnected by its own client, not through a change.
     */
    public void killRemote(RemoteUser u, String reason) {
        announce(new NetworkEvent.Kill(u.nick(), reason));
    }

    // --- channels ---

    /**
     * Adds {@code u} to the channel {@code name}, creating it if needed. {@code ownLine}, when not null,
     * goes to a local joiner before it is a member any message can fan out to, so the JOIN is the first
     * thing it hears of the channel.
     *
     * @param operator null: operator if it creates the channel
     * @return the channel, or null (nothing changed) if {@code u} already was a member
     */
    public Channel join(User u, String name, Boolean operator, TaggedLine ownLine) {
        Channel ch = registry.channelFor(name);
        if (ch.hasMember(u)) {
            return null;
        }
        if (ownLine != null && u instanceof Client local) {
            local.send(ownLine, null);
        }
        ch.add(u, operator == null ? ch.size() == 0 : operator);
        u.invites().remove(ch); // an invite lets one in once, on every node
        if (u.isLocal()) {
            announce(new NetworkEvent.Join(u.nick(), ch.name(), ch.isOperator(u), ch.createdMillis()));
        }
        return ch;
    }

    /** Removes {@code u} from {@code ch} (PART, KICK), dropping the channel when it empties. */
    public void leave(User u, Channel ch) {
        if (!ch.hasMember(u)) {
            return;
        }
        announce(new NetworkEvent.Leave(u.nick(), ch.name()));
        removeMember(u, ch);
    }

    private void removeMember(User u, Channel ch) {
        ch.remove(u);
        if (ch.size() == 0) {
            registry.dropChannel(ch);
        }
    }

    /** Gives or takes {@code u}'s operator status in {@code ch}; false when nothing changed. */
    public boolean setOperator(Channel ch, User u, boolean op) {
        if (!ch.hasMember(u) || ch.isOperator(u) == op) {
            return false;
        }
        ch.putOperator(u, op);
        announce(new NetworkEvent.Operator(ch.name(), u.nick(), op));
        return true;
    }

    /** A topic set here now (empty text: cleared). */
    public void setTopic(Channel ch, String text, String setBy) {
        // Never stamped before the topic it replaces, even if this clock is behind another node's.
        long now = Math.max(System.currentTimeMillis(), ch.topicSetMillis() + 1);
        String node = registry.peers().nodeName();
        ch.putTopic(text, setBy, now, node == null ? "" : node);
        announce(new NetworkEvent.Topic(ch.name(), text, setBy, now));
    }

    /** A topic set on {@code node} at {@code setMillis}: kept only if newer than the one here. */
    void setTopic(Channel ch, String text, String setBy, long setMillis, String node) {
        if (ch.isNewerTopic(setMillis, node)) {
            ch.putTopic(text, setBy, setMillis, node);
        }
    }

    /** Sets or clears the flag mode {@code m} (one of {@link Channel#FLAG_MODES}) here now; false when already so. */
    public boolean setFlag(Channel ch, char m, boolean on) {
        if (Channel.FLAG_MODES.indexOf(m) < 0) {
            throw new IllegalArgumentException("not a flag mode: " + m);
        }
        if (ch.hasFlag(m) == on) {
            return false;
        }
        stampModes(ch, Channel.withFlag(ch.flags(), m, on), ch.joinKey(), ch.limit());
        return true;
    }

    /** Sets (text) or clears (null) the key +k here now; false when already so. */
    public boolean setKey(Channel ch, String key) {
        if (Objects.equals(ch.joinKey(), key)) {
            return false;
        }
        stampModes(ch, ch.flags(), key, ch.limit());
        return true;
    }

    /** Sets (positive) or clears (0) the limit +l here now; false when already so. */
    public boolean setLimit(Channel ch, int limit) {
        if (ch.limit() == limit) {
            return false;
        }
        stampModes(ch, ch.flags(), ch.joinKey(), limit);
        return true;
    }

    private void stampModes(Channel ch, String flags, String key, int limit) {
        long now = Math.max(System.currentTimeMillis(), ch.modesSetMillis() + 1);
        String node = registry.peers().nodeName();
        ch.putModes(flags, key, limit, now, node == null ? "" : node);
        announce(new NetworkEvent.Modes(ch.name(), ch.flags(), key, limit, now));
    }

    /** Modes set on {@code node} at {@code setMillis}: kept only if newer than the ones here. */
    void setModes(Channel ch, String flags, String key, int limit, long setMillis, String node) {
        if (ch.isNewerModes(setMillis, node)) {
            ch.putModes(flags, key, limit, setMillis, node);
        }
    }

    /** Gives or takes {@code u}'s voice in {@code ch}; false when nothing changed. */
    public boolean setVoice(Channel ch, User u, boolean on) {
        if (!ch.hasMember(u) || ch.isVoiced(u) == on) {
            return false;
        }
        ch.putVoice(u, on);
        announce(new NetworkEvent.Voice(ch.name(), u.nick(), on));
        return true;
    }

    /**
     * Adds {@code mask} to the list {@code m} ({@code b}, {@code e}, {@code I}) of {@code ch}; false (nothing
     * recorded) when an equal mask (case-mapped) is there already.
     */
    public boolean addMask(Channel ch, char m, String mask, String setBy, long setSeconds) {
        if (ch.findMask(m, mask) != null) {
            return false;
        }
        List<Channel.MaskEntry> now = new ArrayList<>(ch.maskList(m));
        now.add(new Channel.MaskEntry(mask, setBy, setSeconds));
        stampMasks(ch, m, now);
        return true;
    }

    /**
     * Removes the mask equal to {@code mask} (case-mapped) from the list {@code m} of {@code ch}.
     *
     * @return the mask as it was stored, or null (nothing recorded) when there was none
     */
    public String removeMask(Channel ch, char m, String mask) {
        Channel.MaskEntry found = ch.findMask(m, mask);
        if (found == null) {
            return null;
        }
        List<Channel.MaskEntry> now = new ArrayList<>(ch.maskList(m));
        now.remove(found);
        stampMasks(ch, m, now);
        return found.mask();
    }

    private void stampMasks(Channel ch, char m, List<Channel.MaskEntry> entries) {
        long now = Math.max(System.currentTimeMillis(), ch.maskListSetMillis(m) + 1);
        String node = registry.peers().nodeName();
        ch.putMaskList(m, entries, now, node == null ? "" : node);
        announce(new NetworkEvent.MaskList(ch.name(), m, ch.maskList(m), now));
    }

    /** The list {@code m} as set on {@code node} at {@code setMillis}: kept only if newer than the one here. */
    void setMasks(Channel ch, char m, List<Channel.MaskEntry> entries, long setMillis, String node) {
        if (ch.isNewerMaskList(m, setMillis, node)) {
            ch.putMaskList(m, entries, setMillis, node);
        }
    }

    /** Records that {@code u} is invited to {@code ch} (until it joins); false when it already was. */
    public boolean invite(Channel ch, User u) {
        u.invites().removeIf(gone -> registry.channel(gone.name()) != gone); // channels dropped since
        if (!u.invites().add(ch)) {
            return false;
        }
        announce(new NetworkEvent.Invite(ch.name(), u.nick()));
        return true;
    }

    // --- commit ---

    /** The state has changed: lines to local users, then events to the network, each in recorded order. */
    void commit() {
        for (Delivery d : lines) {
            for (User u : d.recipients()) {
                if (u != d.except() && u instanceof Client local) {
                    local.send(d.line(), null);
                }
            }
        }
        Peers network = registry.peers();
        for (NetworkEvent e : events) {
            network.publish(e, null);
        }
    }
}
