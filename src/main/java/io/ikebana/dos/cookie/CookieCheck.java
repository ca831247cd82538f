package io.ikebana.dos.cookie;

/** Result of verifying a returned cookie. */
public sealed interface CookieCheck {

    record Valid(CookieInfo info) implements CookieCheck {
    }

    record Rejected(CookieRejectReason reason) implements CookieCheck {
    }
}
