package io.streamsdr.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** What the browser tests read off a rendered page: attributes of its {@code <html>}, and its screenshot's pixels. */
final class Pages {
    private Pages() {
    }

    /** The value of attribute {@code name} on the DOM's {@code <html>} element, or null. */
    static String htmlAttribute(String dom, String name) {
        Matcher html = Pattern.compile("<html\\b[^>]*>").matcher(dom);
        assertThat(html.find()).as("an <html> element in the DOM").isTrue();
        Matcher attr = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(html.group());
        return attr.find() ? attr.group(1) : null;
    }

    /** The screenshot, checked to be a readable PNG of the given width. */
    static BufferedImage screenshot(HeadlessChromium.Result page, int width) throws IOException {
        assertThat(page.screenshot()).as(page.log()).isRegularFile();
        BufferedImage png = ImageIO.read(page.screenshot().toFile());
        assertThat(png).as("a PNG ImageIO can read").isNotNull();
        assertThat(png.getWidth()).isEqualTo(width);
        return png;
    }

    /** How many different colours the image has (a blank or broken page has few). */
    static int distinctColours(BufferedImage png) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                colours.add(png.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    /** How many pixels have exactly this colour ({@code 0xRRGGBB}). */
    static int count(BufferedImage png, int rgb) {
        int n = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                if ((png.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
