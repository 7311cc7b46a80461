package io.streamsdr.core.internal;

import io.streamsdr.core.PlanReport;

/** {@link PlanReport#toHtml()}. */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(PlanReport r) {
        return "<!DOCTYPE html><html><body><pre>" + Html.escape(r.toText()) + "</pre></body></html>";
    }
}
