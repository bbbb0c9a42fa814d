package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.FreePorts;
import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.Irssi;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Tools;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web chat page in a real browser: Debian's chromium, headless, driven through Debian's chromedriver
 * (Selenium never downloads a driver or a browser). A browser user is refused a wrong password, registers
 * its nick as an account, joins #lan and talks with an nc user and an irssi user both ways; HTML in
 * messages stays text; links become links; a private message gets an unread marker; after a reload it logs
 * in again and sees the channel's and the private conversation's history, each message once; after the
 * server restarts (its data directory kept) the page reconnects, logs in and rejoins by itself, and the
 * history is still there after another reload.
 */
@Timeout(180)
class WebChatIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private ChromeDriver browser;
    private OurServer server;

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private ChromeDriver browser() throws IOException {
        String chromium = Tools.require("chromium", "chromium");
        String driver = Tools.require("chromedriver", "chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
                "--window-size=1100,720");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        return new ChromeDriver(service, options);
    }

    private String messages() {
        return browser.findElement(By.id("messages")).getText();
    }

    private void awaitMessages(String text) {
        try {
            new WebDriverWait(browser, WAIT).until(d -> messages().contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page never showed '" + text + "'; it shows:\n" + messages()
                    + "\nstate: " + browser.findElement(By.id("state")).getText(), e);
        }
    }

    private void type(String text) {
        WebElement input = browser.findElement(By.id("input"));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    /** How many times the shown buffer has {@code text}. */
    private int timesShown(String text) {
        return messages().split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }

    /** The login form: nick, channels, then the account fields; Enter submits. */
    private void logIn(String nick, String account, String password, boolean register) {
        WebElement nickField = browser.findElement(By.id("nick"));
        nickField.clear();
        nickField.sendKeys(nick);
        WebElement channels = browser.findElement(By.id("channels"));
        channels.clear();
        channels.sendKeys("#lan");
        WebElement accountField = browser.findElement(By.id("account"));
        accountField.clear();
        accountField.sendKeys(account);
        WebElement registerBox = browser.findElement(By.id("register"));
        if (registerBox.isSelected() != register) {
            registerBox.sendKeys(Keys.SPACE); // the keyboard, as a user without a mouse would
        }
        WebElement passwordField = browser.findElement(By.id("password"));
        passwordField.clear();
        passwordField.sendKeys(password + Keys.ENTER);
    }

    private void awaitLoginError(String text) {
        try {
            new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("login")).isDisplayed()
                    && d.findElement(By.id("login-error")).getText().contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the login form never said '" + text + "'; it says: "
                    + browser.findElement(By.id("login-error")).getText(), e);
        }
    }

    /** Reloads the page: the form comes back asking for the password only, which the page never kept. */
    private void reloadAndLogInAgain() throws IOException {
        browser.navigate().refresh();
        awaitLoginError("Log in again as webby");
        assertThat(browser.findElement(By.id("nick")).getAttribute("value")).isEqualTo("webby");
        assertThat(browser.findElement(By.id("password")).getAttribute("value")).isEmpty();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
        assertPasswordNowhere();
        screenshot(browser, "web-chat-login.png");
        browser.switchTo().activeElement().sendKeys(PASSWORD + Keys.ENTER);
        awaitState("connected as webby (account webby)", WAIT);
    }

    /** Not in the URL, the page's storage or the form once submitted. */
    private void assertPasswordNowhere() {
        assertThat(browser.getCurrentUrl()).doesNotContain("correct");
        Object stored = browser.executeScript("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)");
        assertThat(String.valueOf(stored)).doesNotContain("correct").contains("webby");
    }

    private void assertMarkupShownAsText() {
        assertThat(browser.findElements(By.cssSelector("#messages img, #messages script"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("Chat");
        assertNoAlert(browser);
    }

    private void showBuffer(String name) {
        browser.findElement(By.cssSelector("button.buffer[data-buffer='" + name + "']")).click();
    }

    @Test
    void aBrowserUserChatsWithNcAndIrssiAndSurvivesARestart() throws Exception {
        int webPort = FreePorts.tcpAndUdp();
        String dataDir = Files.createDirectories(dir.resolve("chat-data")).toString();
        server = OurServer.start(Suite.CHAT, "--web-port", String.valueOf(webPort), "--data-dir", dataDir);
        browser = browser();
        browser.get("http://127.0.0.1:" + webPort + "/");
        assertThat(browser.getTitle()).isEqualTo("Chat");
        // No such account yet: SASL's 904 is shown on the form, which stays filled in but for the password.
        logIn("guest", "webby", "not the password", false);
        awaitLoginError("Login failed: ");
        assertThat(browser.findElement(By.id("nick")).getAttribute("value")).isEqualTo("guest");
        assertThat(browser.findElement(By.id("password")).getAttribute("value")).isEmpty();
        logIn("webby", "", PASSWORD, true);
        awaitState("connected as webby (account webby)", WAIT);
        awaitMessages("You joined #lan");
        assertPasswordNowhere();
        showBuffer("*status*");
        awaitMessages("Account webby registered");
        showBuffer("#lan");
        // #lan is registered: an unregistered channel's history would start anew when the channel is created
        // again (it empties at each reload below, and at the restart).
        type("/raw PRIVMSG ChanServ :REGISTER #lan");

        try (ExternalProcess nc = ExternalProcess.named("nc").command(Tools.nc(), "127.0.0.1",
                String.valueOf(server.port())).start();
             Irssi irssi = Irssi.start(dir, server.port(), "irssiuser", "#lan")) {
            nc.write("NICK ncuser\n").write("USER ncuser 0 * :nc user\n");
            nc.awaitStdout(" 001 ncuser ", WAIT);
            nc.write("PRIVMSG ChanServ :INFO #lan\n");
            nc.awaitStdout(" :#lan is registered to webby ", WAIT);
            nc.write("JOIN #lan\n");
            nc.awaitStdout(" 366 ncuser #lan ", WAIT);
            awaitMessages("ncuser joined");
            awaitMessages("irssiuser joined");
            new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("member-list")).getText().contains("irssiuser"));
            assertThat(browser.findElement(By.id("member-list")).getText()).contains("ncuser", "webby");

            type("hello from the browser");
            nc.awaitStdout(":webby!", WAIT);
            nc.awaitStdout(" PRIVMSG #lan :hello from the browser\r\n", WAIT);
            irssi.awaitLog("webby> hello from the browser", WAIT);

            nc.write("PRIVMSG #lan :hello from nc\n");
            awaitMessages("<ncuser> hello from nc");
            // irssi's channel window is open once it has the NAMES reply (its log says so)
            irssi.awaitLog("#lan: Total of", WAIT);
            irssi.type("/window goto #lan");
            irssi.type("hello from irssi");
            awaitMessages("<irssiuser> hello from irssi");

            // Markup in IRC text is shown as text and never runs.
            nc.write("PRIVMSG #lan :<script>document.title='pwned'</script>\n");
            nc.write("PRIVMSG #lan :<img src=x onerror=\"document.title='pwned';alert(1)\">\n");
            nc.write("PRIVMSG #lan :docs at https://example.org/guide?page=2 and more\n");
            awaitMessages("<ncuser> <script>document.title='pwned'</script>");
            awaitMessages("<ncuser> <img src=x onerror=\"document.title='pwned';alert(1)\">");
            awaitMessages("docs at https://example.org/guide?page=2 and more");
            assertMarkupShownAsText();
            List<WebElement> links = browser.findElements(By.cssSelector("#messages a"));
            assertThat(links).hasSize(1);
            assertThat(links.get(0).getAttribute("href")).isEqualTo("https://example.org/guide?page=2");
            assertThat(links.get(0).getAttribute("rel")).contains("noopener");

            // A private message opens a query with an unread count while #lan is shown.
            nc.write("PRIVMSG webby :psst, a private word\n");
            new WebDriverWait(browser, WAIT).until(d -> !d.findElements(
                    By.cssSelector("button.buffer[data-buffer='ncuser'] .unread")).isEmpty());
            assertThat(browser.findElement(By.cssSelector("button.buffer[data-buffer='ncuser'] .unread")).getText())
                    .isEqualTo("1");
            irssi.type("/away gone fishing");
            screenshot(browser, "web-chat.png");
            showBuffer("ncuser");
            awaitMessages("<ncuser> psst, a private word");
            type("a private answer");
            nc.awaitStdout(" PRIVMSG ncuser :a private answer\r\n", WAIT);
            assertThat(browser.findElements(By.cssSelector("button.buffer[data-buffer='ncuser'] .unread"))).isEmpty();

            // A phone-size window: the lists fold away and the message box stays usable.
            browser.manage().window().setSize(new Dimension(390, 760));
            showBufferByMenu("#lan");
            assertThat(browser.findElement(By.id("members")).isDisplayed()).isFalse();
            type("typed on a phone");
            nc.awaitStdout(" PRIVMSG #lan :typed on a phone\r\n", WAIT);
            screenshot(browser, "web-chat-phone.png");
            browser.manage().window().setSize(new Dimension(1100, 720));

            // A reload: logged in again, the channel's and the private conversation's history, each message once.
            reloadAndLogInAgain();
            awaitMessages("<ncuser> hello from nc");
            awaitMessages("<irssiuser> hello from irssi");
            awaitMessages("<webby> hello from the browser");
            awaitMessages("<ncuser> <img src=x onerror=\"document.title='pwned';alert(1)\">");
            assertMarkupShownAsText();
            assertThat(timesShown("<ncuser> hello from nc")).isEqualTo(1);
            // Stored lines show the time the server saw them.
            assertThat(browser.findElements(By.cssSelector("#messages .line.msg time"))).allSatisfy(t ->
                    assertThat(t.getText()).matches("(\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d"));
            new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector("button.buffer[data-buffer='ncuser']")).isEmpty());
            showBuffer("ncuser");
            awaitMessages("<ncuser> psst, a private word");
            awaitMessages("<webby> a private answer");
            showBuffer("#lan");
            nc.write("PRIVMSG #lan :seen after the reload\n");
            awaitMessages("<ncuser> seen after the reload");
            nc.write("QUIT :bye\n");
            irssi.type("/quit");
        }

        // The server never logged the password either.
        assertThat(server.process().stderr()).doesNotContain(PASSWORD);
        // The server restarts on the same web port: the page reconnects with back-off and rejoins #lan.
        server.stop();
        awaitState("reconnecting", WAIT);
        server = OurServer.start(Suite.CHAT, "--web-port", String.valueOf(webPort), "--data-dir", dataDir);
        // The back-off may have grown to its 15 s cap while the server was down; it logs in again by itself.
        awaitState("connected as webby (account webby)", Duration.ofSeconds(45));
        new WebDriverWait(browser, WAIT).until(d -> messages().split("You joined #lan", -1).length == 3);
        try (IrcPeer peer = IrcPeer.register(server.endpoint(), "after").join("#lan")) {
            peer.send("NAMES #lan");
            assertThat(peer.await(" 353 ")).contains("webby");
            awaitMessages("after joined");
            type("back after the restart");
            assertThat(peer.await("PRIVMSG")).matches(":webby!\\S+ PRIVMSG #lan :back after the restart");
            peer.send("PRIVMSG #lan :welcome back");
            awaitMessages("<after> welcome back");
            // What the page missed is merged in, what it showed is not shown twice.
            assertThat(timesShown("<ncuser> hello from nc")).isEqualTo(1);
        }

        // The store survived the restart: after another reload the history from before it is still there.
        reloadAndLogInAgain();
        awaitMessages("<after> welcome back");
        awaitMessages("<ncuser> seen after the reload");
        awaitMessages("<ncuser> hello from nc");
        assertThat(timesShown("<ncuser> hello from nc")).isEqualTo(1);
        assertThat(timesShown("<after> welcome back")).isEqualTo(1);
        assertMarkupShownAsText();
        screenshot(browser, "web-chat-history.png");
    }

    private void awaitState(String text, Duration wait) {
        try {
            new WebDriverWait(browser, wait).until(d -> d.findElement(By.id("state")).getText().contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page's state never said '" + text + "'; it says: "
                    + browser.findElement(By.id("state")).getText() + "\n" + messages(), e);
        }
    }

    private void showBufferByMenu(String name) {
        browser.findElement(By.id("toggle-buffers")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("buffers")).isDisplayed());
        showBuffer(name);
        new WebDriverWait(browser, WAIT).until(d -> !d.findElement(By.id("buffers")).isDisplayed());
    }

    private static void assertNoAlert(WebDriver browser) {
        try {
            browser.switchTo().alert();
            throw new AssertionError("an alert opened: markup from IRC text ran");
        } catch (NoAlertPresentException e) {
            // as it should be
        }
    }

    /** Saves what the page looks like in integration-tests/target/, to look at after a run. */
    private static void screenshot(ChromeDriver browser, String name) throws IOException {
        Path target = Path.of(System.getProperty("sockets.root", ".."), "integration-tests", "target");
        Files.createDirectories(target);
        Files.write(target.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
