/** Internal helpers of dr-helm: name rules, values maps and files. Free to change. */
package io.streamsdr.helm.internal;
