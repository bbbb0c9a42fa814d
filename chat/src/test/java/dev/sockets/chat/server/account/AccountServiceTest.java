package dev.sockets.chat.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-address budgets that keep password hashing (slow on purpose) from being a way to load the server. */
class AccountServiceTest {

    private final AccountService service = new AccountService(null, null, null);

    @Test
    void anAddressRegistersItsBurstThenWaits() {
        for (int i = 0; i < AccountService.REGISTRATION_BURST_PER_ADDRESS; i++) {
            assertThat(service.registrationAllowed("192.0.2.7")).as("registration %d", i + 1).isTrue();
        }
        assertThat(service.registrationAllowed("192.0.2.7")).isFalse();
        assertThat(service.registrationAllowed("2001:db8::7")).as("another address").isTrue();
        assertThat(service.registrationAllowed("127.0.0.1")).as("loopback is exempt").isTrue();
    }

    @Test
    void loginAllowedLooksAtTheFailureBudgetWithoutSpendingIt() {
        for (int i = 0; i < 100; i++) {
            assertThat(service.loginAllowed("192.0.2.8")).isTrue();
        }
        for (int i = 0; i < AccountService.FAILURE_BURST_PER_ADDRESS; i++) {
            assertThat(service.loginAllowed("192.0.2.8")).isTrue();
            assertThat(service.failureAllowed("192.0.2.8")).isTrue();
        }
        assertThat(service.loginAllowed("192.0.2.8")).as("the budget is spent").isFalse();
        assertThat(service.loginAllowed("192.0.2.9")).isTrue();
        assertThat(service.loginAllowed("not-an-address.invalid")).as("not a literal address: no lookup, no limit")
                .isTrue();
    }
}
