package dev.sockets.chat.server.state;

import java.util.Locale;

/** Why a client left; each reason has its own counter ({@code disconnects_quit} ...) in the stats line. */
public enum Departure {
    /** The client sent QUIT. */
    QUIT,
    /** The peer closed (EOF) or reset the connection without QUIT. */
    CONNECTION_LOST,
    /** Its send queue overflowed (it did not read fast enough). */
    SENDQ,
    /** It kept sending faster than flood control allows. */
    FLOOD,
    /** No answer to the server's PING. */
    PING_TIMEOUT,
    /** Not registered in time. */
    REGISTER_TIMEOUT,
    /** Wrong or missing connection password. */
    PASSWORD,
    /** The server is stopping. */
    SHUTDOWN,
    /** After a network split, its nick was taken elsewhere and no other nick could be found. */
    COLLISION,
    /** An IRC operator killed it (KILL). */
    KILLED,
    /** Too many failed logins (AUTHENTICATE) from it or its address. */
    AUTHENTICATION;

    /** The stats counter name. */
    public String counterName() {
        return "disconnects_" + name().toLowerCase(Locale.ROOT);
    }
}
