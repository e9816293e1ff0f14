#!/usr/bin/env bash
# Builds the libFuzzer harnesses with swiftc directly (SwiftPM would apply
# -sanitize to every target and the tests): RESP and MiniDisque (with
# -enable-testing, for the internal RequestParser) as coverage-instrumented
# objects, then one executable per harness, all under .build-fuzz/.
#   FUZZ_SANITIZE=fuzzer bash fuzz/build.sh   # without AddressSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-fuzz
sanitize=${FUZZ_SANITIZE:-fuzzer,address}
swiftc=${SWIFTC:-swiftc}
mkdir -p "$out/obj" "$out/bin" "$out/artifacts"
flags=(-O -g -use-ld=lld -sanitize="$sanitize" -parse-as-library -wmo -I "$out/obj")

"$swiftc" "${flags[@]}" -c -module-name RESP -emit-module -emit-module-path "$out/obj/RESP.swiftmodule" \
    Sources/RESP/*.swift -o "$out/obj/RESP.o"
"$swiftc" "${flags[@]}" -c -enable-testing -module-name MiniDisque -emit-module \
    -emit-module-path "$out/obj/MiniDisque.swiftmodule" Sources/MiniDisque/*.swift -o "$out/obj/MiniDisque.o"

"$swiftc" "${flags[@]}" fuzz/RESPDecoderFuzz.swift fuzz/SplitMix.swift "$out/obj/RESP.o" -o "$out/bin/RESPDecoderFuzz"
"$swiftc" "${flags[@]}" fuzz/RequestParserFuzz.swift fuzz/SplitMix.swift "$out/obj/RESP.o" "$out/obj/MiniDisque.o" \
    -o "$out/bin/RequestParserFuzz"
# The CLI's quoting rules come along as source: DisqueCLI itself is not linked here.
"$swiftc" "${flags[@]}" fuzz/ArgumentSplitterFuzz.swift Sources/DisqueCLI/Output/ByteEscaping.swift "$out/obj/RESP.o" \
    -o "$out/bin/ArgumentSplitterFuzz"
echo "built: $(ls "$out/bin" | tr '\n' ' ')(sanitize=$sanitize)"
