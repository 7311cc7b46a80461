/**
 * {@link io.streamsdr.testkit.browser.HeadlessChromium}: render a report page (a plan's or a drill's
 * {@code toHtml()}) in a real headless Chromium, for its screenshot, its DOM after scripts ran, and
 * its script errors.
 */
package io.streamsdr.testkit.browser;
