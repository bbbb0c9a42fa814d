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
 * (Selenium never downloads a driver or a browser). A browser user picks a nick, joins #lan and talks
 * with an nc user and an irssi user both ways; HTML in messages stays text; links become links; a private
 * message gets an unread marker; after the server restarts the page reconnects and rejoins by itself.
 */
@Timeout(180)
class WebChatIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

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

    private void showBuffer(String name) {
        browser.findElement(By.cssSelector("button.buffer[data-buffer='" + name + "']")).click();
    }

    @Test
    void aBrowserUserChatsWithNcAndIrssiAndSurvivesARestart() throws Exception {
        int webPort = FreePorts.tcpAndUdp();
        server = OurServer.start(Suite.CHAT, "--web-port", String.valueOf(webPort));
        browser = browser();
        browser.get("http://127.0.0.1:" + webPort + "/");
        assertThat(browser.getTitle()).isEqualTo("Chat");
        browser.findElement(By.id("nick")).sendKeys("webby");
        WebElement channels = browser.findElement(By.id("channels"));
        channels.clear();
        channels.sendKeys("#lan" + Keys.ENTER);
        awaitMessages("You joined #lan");

        try (ExternalProcess nc = ExternalProcess.named("nc").command(Tools.nc(), "127.0.0.1",
                String.valueOf(server.port())).start();
             Irssi irssi = Irssi.start(dir, server.port(), "irssiuser", "#lan")) {
            nc.write("NICK ncuser\n").write("USER ncuser 0 * :nc user\n");
            nc.awaitStdout(" 001 ncuser ", WAIT);
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
            assertThat(browser.findElements(By.cssSelector("#messages img, #messages script"))).isEmpty();
            assertThat(browser.getTitle()).isEqualTo("Chat");
            assertNoAlert(browser);
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
            nc.write("QUIT :bye\n");
            irssi.type("/quit");
        }

        // The server restarts on the same web port: the page reconnects with back-off and rejoins #lan.
        server.stop();
        awaitState("reconnecting", WAIT);
        server = OurServer.start(Suite.CHAT, "--web-port", String.valueOf(webPort));
        // The back-off may have grown to its 15 s cap while the server was down.
        awaitState("connected as webby", Duration.ofSeconds(45));
        new WebDriverWait(browser, WAIT).until(d -> messages().split("You joined #lan", -1).length == 3);
        try (IrcPeer peer = IrcPeer.register(server.endpoint(), "after").join("#lan")) {
            peer.send("NAMES #lan");
            assertThat(peer.await(" 353 ")).contains("webby");
            awaitMessages("after joined");
            type("back after the restart");
            assertThat(peer.await("PRIVMSG")).matches(":webby!\\S+ PRIVMSG #lan :back after the restart");
            peer.send("PRIVMSG #lan :welcome back");
            awaitMessages("<after> welcome back");
        }
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
