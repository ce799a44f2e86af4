// Run one Python script in one real MicroPython 1.27 (WebAssembly) process.
//
// Reads a JSON request on stdin: {"files": [[host path, interpreter path],
// ...], "script": source} (or "scripts": [source, ...], run in turn). Each host file is copied into the MicroPython
// filesystem at its interpreter path, relative to "/" (the working
// directory), so `import totp.otp` and `open("tests/fixtures/x.json")` work.
// The script's output goes to stdout as it is printed; an uncaught exception
// prints its MicroPython traceback on stderr and exits with status 1.
// Used by tests/support/mpy.py; not meant to be run by hand.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";

const PACKAGE = "@micropython/micropython-webassembly-pyscript";
// The wasm heap grows on demand; this is the initial size so ordinary work
// does not spend its time growing it.
const HEAP_BYTES = 16 * 1024 * 1024;
// Python call depth (in words) for recursive code and deep tracebacks.
const PYSTACK_WORDS = 16 * 1024;

function unbufferedWriter(stream) {
    // Collect the interpreter's bytes and hand whole lines to the stream, so
    // UTF-8 sequences are never split and output still appears as it comes.
    let pending = [];
    const flush = () => {
        if (pending.length) {
            stream.write(Buffer.from(pending));
            pending = [];
        }
    };
    const write = (chunk) => {
        for (const byte of chunk) {
            pending.push(byte);
            if (byte === 10) flush();
        }
    };
    return { write, flush };
}

const request = JSON.parse(readFileSync(0, "utf8"));
let loadMicroPython;
try {
    ({ loadMicroPython } = await import(PACKAGE));
} catch (error) {
    process.stderr.write(`MicroPython package ${PACKAGE} is not installed: run \`npm ci\` in the repository root (${error.message})\n`);
    process.exit(3);
}

const stdout = unbufferedWriter(process.stdout);
const stderr = unbufferedWriter(process.stderr);
const mp = await loadMicroPython({
    heapsize: HEAP_BYTES,
    pystack: PYSTACK_WORDS,
    linebuffer: false,
    stdout: stdout.write,
    stderr: stderr.write,
});

for (const [hostPath, relative] of request.files) {
    const target = "/" + relative;
    mp.FS.mkdirTree(dirname(target));
    mp.FS.writeFile(target, readFileSync(hostPath));
}

let status = 0;
try {
    // "scripts": several scripts run one after another in the same interpreter
    // (globals carry over); the heap can be collected between them, see tests/support/mpy.py
    for (const script of request.scripts || [request.script]) {
        mp.runPython(script);
    }
} catch (error) {
    stdout.flush();
    stderr.write(Buffer.from(error.message.endsWith("\n") ? error.message : error.message + "\n"));
    status = 1;
}
stdout.flush();
stderr.flush();
process.exitCode = status;
