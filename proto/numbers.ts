/**
 * 64-bit fields (times in ms) decode as plain numbers everywhere. protobufjs uses the `long`
 * package when it can load it (Node) and numbers when it cannot (browser bundles, k6), so the
 * same message would decode differently on each side. Our uint64 values are ms timestamps and
 * durations, far below 2^53. Must run before the generated code is loaded (it reads util.Long
 * when it defines default values): proto/index.ts imports this module first.
 */
import $protobuf from 'protobufjs/minimal.js';

($protobuf.util as { Long: unknown }).Long = undefined;
$protobuf.configure();
