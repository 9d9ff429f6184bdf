#!/usr/bin/env python3
"""kinglet against TensorFlow Lite Micro + CMSIS-NN: instructions per inference on emulated
Cortex-M cores, counted the same way on both sides, in one command.

    TFLM_DIR=/src/tflite-micro CMSIS_NN_DIR=/src/CMSIS-NN ... \\
        python3 benchmarks/tflm_peer/tflm_peer.py [--cores cortex-m4,cortex-m55] \\
        [--build DIR] [--kinglet PATH] MODEL.tflite ...

For each core: builds TFLM's libtensorflow-microlite.a with OPTIMIZED_KERNEL_DIR=cmsis_nn
by TFLM's own Makefile (BUILD_TYPE=release) from the checkouts given, once, cached in
--build; links tflm_main.cc with it and with the project's startup code, linker script
and semihosting (targets/); runs each model under the QEMU board of targets/ with the
project's insncount plugin, counting interpreter.Invoke(). The kinglet side is
`kinglet compile` of the same .tflite, `kinglet emit-c` and `make -C targets count`.
Both fill the inputs with the same bytes (targets/common/count_main.c's pattern), and
the outputs are compared with `kinglet run` on those bytes. Prints per model and core
    MODEL CORE kinglet N tflm M ratio N/M outputs equal|DIFFER|unchecked
then a table. Nothing is downloaded; the checkouts are never written to. README.md has
the details, the versions TFLM pins and the timings.

Checkouts (options, or the environment variables of the same name; each defaults to where
TFLM's own download scripts put it, TFLM_DIR/tensorflow/lite/micro/tools/make/downloads/):
    TFLM_DIR (required), CMSIS_NN_DIR, CMSIS_DIR (CMSIS_6), CORTEX_DFP_DIR,
    FLATBUFFERS_DIR, GEMMLOWP_DIR, RUY_DIR, KISSFFT_DIR

Python 3 standard library only. Needs arm-none-eabi-gcc/g++ with newlib and libstdc++
(Debian: gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib),
qemu-system-arm, make, patch, a host cc (the plugin).
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TARGETS = os.path.join(ROOT, "targets")
TFLM_MAKEFILE = "tensorflow/lite/micro/tools/make/Makefile"
TFLM_DOWNLOADS = "tensorflow/lite/micro/tools/make/downloads"

# TFLM's cortex_m_generic settings giving the same -mcpu/-mfpu/-mfloat-abi as
# targets/CORE/target.mk (checked against CPU_FLAGS before building), and the
# Cortex_DFP device folder that target includes.
CORES = {
    "cortex-m4": (["TARGET_ARCH=cortex-m4+fp", "FPU=fpv4-sp-d16"], "ARMCM4"),
    "cortex-m7": (["TARGET_ARCH=cortex-m7+fp", "FPU=fpv5-d16"], "ARMCM7"),
    "cortex-m33": (["TARGET_ARCH=cortex-m33", "FPU=fpv5-sp-d16"], "ARMCM33"),
    "cortex-m55": (["TARGET_ARCH=cortex-m55"], "ARMCM55"),
}

# Checkouts: (option, default under TFLM's downloads folder, a file that must exist, what it is).
CHECKOUTS = [
    ("CMSIS_NN_DIR", "cmsis_nn", "Include/arm_nnfunctions.h", "ARM-software/CMSIS-NN"),
    ("CMSIS_DIR", "cmsis", "CMSIS/Core/Include/cmsis_gcc.h", "ARM-software/CMSIS_6"),
    ("CORTEX_DFP_DIR", "cmsis/Cortex_DFP", "Device", "ARM-software/Cortex_DFP"),
    ("FLATBUFFERS_DIR", "flatbuffers", "include/flatbuffers/flatbuffers.h", "google/flatbuffers"),
    ("GEMMLOWP_DIR", "gemmlowp", "fixedpoint/fixedpoint.h", "google/gemmlowp"),
    ("RUY_DIR", "ruy", "ruy/profiler/instrumentation.h", "google/ruy"),
    ("KISSFFT_DIR", "kissfft", "kiss_fft.h", "mborgerding/kissfft"),
]

# Short names for the MLPerf Tiny files; other models are named after their file.
SHORT_NAMES = {"kws_ref_model": "kws", "vww_96_int8": "vww",
               "pretrainedResnet_quant": "resnet", "ad01_int8": "ad01"}
NPY_TYPES = {"int8": "|i1", "int16": "<i2"}
RUN_TIMEOUT = 600


class Failure(Exception):
    """A step failed; the message says which and why."""


def log(text):
    print(text, file=sys.stderr, flush=True)


def run(args, cwd=None, log_path=None):
    """Runs args; returns stdout. On failure raises Failure with the end of the output
    (all of it goes to log_path when given)."""
    result = subprocess.run(args, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True)
    if log_path:
        with open(log_path, "a") as out:
            out.write("$ " + " ".join(shlex.quote(a) for a in args) + "\n")
            out.write(result.stdout + result.stderr)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr).strip()[-3000:]
        raise Failure(f"{os.path.basename(args[0])} failed (status {result.returncode}):"
                      f" {' '.join(args)[:300]}\n{tail}")
    return result.stdout


def find_checkouts(opts):
    """Absolute paths of every checkout, after checking each holds what TFLM needs."""
    tflm = opts.tflm_dir
    if not tflm:
        raise Failure("TFLM_DIR is not set: give --tflm-dir or TFLM_DIR, a checkout of "
                      "tensorflow/tflite-micro")
    tflm = os.path.abspath(tflm)
    if not os.path.isdir(os.path.join(tflm, "tensorflow/lite/micro")):
        raise Failure(f"TFLM_DIR/tensorflow/lite/micro not found (TFLM_DIR={tflm})")
    if not os.path.isfile(os.path.join(tflm, TFLM_MAKEFILE)):
        raise Failure(f"TFLM_DIR/{TFLM_MAKEFILE} not found (TFLM_DIR={tflm})")
    dirs = {"TFLM_DIR": tflm}
    for name, default, probe, what in CHECKOUTS:
        given = getattr(opts, name.lower())
        path = os.path.abspath(given or os.path.join(tflm, TFLM_DOWNLOADS, default))
        if not os.path.exists(os.path.join(path, probe)):
            origin = "" if given else " (the default, inside TFLM_DIR)"
            raise Failure(f"{name}/{probe} not found ({name}={path}{origin}): give "
                          f"--{name.lower().replace('_', '-')} or {name}, a checkout of {what}")
        dirs[name] = path
    return dirs


def check_tools():
    for tool in ("arm-none-eabi-gcc", "arm-none-eabi-g++", "arm-none-eabi-nm",
                 "arm-none-eabi-size", "qemu-system-arm", "make", "patch"):
        if shutil.which(tool) is None:
            raise Failure(f"{tool} not found on PATH (README.md, Requirements)")
    probe = subprocess.run(["arm-none-eabi-g++", "-print-file-name=libstdc++.a"],
                           capture_output=True, text=True).stdout.strip()
    if not os.path.isabs(probe):
        raise Failure("arm-none-eabi-g++ has no libstdc++.a: install "
                      "libstdc++-arm-none-eabi-newlib (and libnewlib-arm-none-eabi)")


def patch_copy(source, dest, patch_file, parts):
    """Copies `parts` of source into dest and applies TFLM's patch to the copy, as TFLM's
    download scripts do; a source that already carries the patch is copied as it is."""
    os.makedirs(dest)
    for part in parts:
        if os.path.isdir(os.path.join(source, part)):
            shutil.copytree(os.path.join(source, part), os.path.join(dest, part))
        else:
            shutil.copy2(os.path.join(source, part), os.path.join(dest, part))
    already = subprocess.run(["patch", "-p1", "-R", "--dry-run", "-s", "-f", "-d", dest,
                              "-i", patch_file], capture_output=True)
    if already.returncode != 0:
        run(["patch", "-p1", "-s", "-f", "-d", dest, "-i", patch_file])


def third_party(build, dirs):
    """BUILD/third_party: the layout TFLM's Makefile expects in its downloads folder,
    made from the checkouts (patched copies of flatbuffers and kissfft, links to the
    rest). Remade when a checkout path changes."""
    folder = os.path.join(build, "third_party")
    stamp = os.path.join(folder, "sources.json")
    wanted = json.dumps(dirs, indent=1, sort_keys=True)
    if os.path.exists(stamp) and open(stamp).read() == wanted:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "pigweed"))  # only checked for; the library needs none
    tflm = dirs["TFLM_DIR"]
    patch_copy(dirs["FLATBUFFERS_DIR"], os.path.join(folder, "flatbuffers"),
               os.path.join(tflm, "tensorflow/lite/micro/tools/make/flatbuffers.patch"),
               ["include"])
    kissfft = dirs["KISSFFT_DIR"]
    patch_copy(kissfft, os.path.join(folder, "kissfft"),
               os.path.join(tflm, "third_party/kissfft/kissfft.patch"),
               [p for p in os.listdir(kissfft) if p != ".git"])
    os.symlink(dirs["GEMMLOWP_DIR"], os.path.join(folder, "gemmlowp"))
    os.symlink(dirs["RUY_DIR"], os.path.join(folder, "ruy"))
    with open(stamp, "w") as out:
        out.write(wanted)
    return folder


def target_cpu_flags(core):
    """CPU_FLAGS of targets/CORE/target.mk: the flags kinglet's firmware is built with."""
    with open(os.path.join(TARGETS, core, "target.mk")) as mk:
        for line in mk:
            match = re.match(r"\s*CPU_FLAGS\s*:?=\s*(.*)$", line)
            if match:
                return match.group(1).split()
    raise Failure(f"no CPU_FLAGS in targets/{core}/target.mk")


def cpu_options(flags):
    """-mcpu/-mfpu/-mfloat-abi of a flag list; -mfpu is GCC's default 'auto' when absent."""
    found = {"-mfpu": "auto"}
    for flag in flags:
        key, _, value = flag.partition("=")
        if key in ("-mcpu", "-mfpu", "-mfloat-abi"):
            found[key] = value
    return found


class TflmBuild:
    """TFLM's library for one core, built in BUILD/tflm-CORE by TFLM's own Makefile, and
    the count firmware linked with it."""

    def __init__(self, core, build, dirs, downloads, jobs):
        self.core = core
        self.out = os.path.join(build, f"tflm-{core}")
        self.jobs = jobs
        gcc = shutil.which("arm-none-eabi-gcc")
        core_args, device = CORES[core]
        self.device_dir = os.path.join(dirs["CORTEX_DFP_DIR"], "Device", device)
        self.make = [
            "make", "-f", os.path.join(dirs["TFLM_DIR"], TFLM_MAKEFILE),
            "TENSORFLOW_ROOT=" + dirs["TFLM_DIR"] + "/",
            "TARGET=cortex_m_generic", "TOOLCHAIN=gcc", "BUILD_TYPE=release",
            "OPTIMIZED_KERNEL_DIR=cmsis_nn",
            "TARGET_TOOLCHAIN_ROOT=" + os.path.dirname(gcc) + "/",
            "CMSIS_PATH=" + dirs["CMSIS_DIR"], "CMSIS_NN_PATH=" + dirs["CMSIS_NN_DIR"],
            "CORTEX_DFP_PATH=" + dirs["CORTEX_DFP_DIR"],
            "DOWNLOADS_DIR=" + downloads,
            # No download rules (the folders exist) and no test or example rules (their
            # definitions run TFLM's generate_cc_arrays.py, which needs numpy and PIL).
            "THIRD_PARTY_TARGETS=", "microlite_test=",
            "GENDIR=" + self.out + "/",
        ] + core_args
        self.library = os.path.join(self.out, "lib", "libtensorflow-microlite.a")

    def variables(self, *names):
        out = run(self.make + [f"print-{n}" for n in names], cwd=self.out)
        values = {}
        for line in out.splitlines():
            key, sep, value = line.partition("=")
            if sep and key in names:
                values[key] = value
        return values

    def build_library(self):
        """Builds the library, or checks that it is up to date (make)."""
        if not os.path.isdir(self.device_dir):
            raise Failure(f"CORTEX_DFP_DIR/Device/{os.path.basename(self.device_dir)} not "
                          f"found: Cortex_DFP has no device folder for {self.core}")
        stamp = os.path.join(self.out, "make-command.txt")
        command = "\n".join(self.make)
        if not (os.path.exists(stamp) and open(stamp).read() == command):
            shutil.rmtree(self.out, ignore_errors=True)
            os.makedirs(self.out)
            with open(stamp, "w") as out:
                out.write(command)
        first = not os.path.exists(self.library)
        log(f"tflm {self.core}: {'building' if first else 'checking'} {self.library}"
            + (" (TFLM's Makefile, all kernels: minutes)" if first else ""))
        start = time.time()
        run(self.make + [f"-j{self.jobs}", "microlite"], cwd=self.out,
            log_path=os.path.join(self.out, "build.log"))
        seconds = time.time() - start
        log(f"tflm {self.core}: library {'built in' if first else 'up to date, checked in'}"
            f" {seconds:.0f} s (log: {os.path.join(self.out, 'build.log')})")

    def check_flags(self, cxxflags):
        """TFLM's -mcpu/-mfpu/-mfloat-abi must be targets/CORE/target.mk's."""
        ours = cpu_options(target_cpu_flags(self.core))
        theirs = cpu_options(cxxflags)
        if ours != theirs:
            raise Failure(f"{self.core}: TFLM builds with {theirs}, targets/{self.core}/"
                          f"target.mk with {ours}; fix CORES in {os.path.basename(__file__)}")

    def firmware(self):
        """Compiles tflm_main.cc with TFLM's flags and links the count firmware."""
        values = self.variables("CXXFLAGS", "INCLUDES")
        cxxflags = shlex.split(values["CXXFLAGS"])
        self.check_flags(cxxflags)
        cpu = target_cpu_flags(self.core) + ["-mthumb"]
        fw = os.path.join(self.out, "firmware")
        os.makedirs(fw, exist_ok=True)
        common = os.path.join(TARGETS, "common")
        main_obj = os.path.join(fw, "tflm_main.o")
        run(["arm-none-eabi-g++"] + cxxflags + ["-O2"] + shlex.split(values["INCLUDES"])
            + ["-I", common, "-c", os.path.join(HERE, "tflm_main.cc"), "-o", main_obj],
            cwd=self.out)
        objects = [main_obj]
        for name in ("startup", "semihost"):
            obj = os.path.join(fw, name + ".o")
            run(["arm-none-eabi-gcc", "-std=c99", "-O2", "-ffunction-sections",
                 "-fdata-sections"] + cpu + ["-I", common, "-c",
                 os.path.join(common, name + ".c"), "-o", obj])
            objects.append(obj)
        elf = os.path.join(fw, "tflm-count")
        run(["arm-none-eabi-g++"] + cpu + [
            "-nostartfiles", "--specs=nano.specs", "--specs=nosys.specs",
            "-T", os.path.join(TARGETS, self.core, "board.ld"), "-L", common,
            "-Wl,--gc-sections", "-Wl,-Map=" + elf + ".map"] + objects
            + [self.library, "-lm", "-o", elf])
        # startup.c runs no C++ constructors: the firmware must need none.
        sections = run(["arm-none-eabi-size", "-A", elf])
        for line in sections.splitlines():
            fields = line.split()
            if len(fields) >= 2 and fields[0] in (".init_array", ".preinit_array") \
                    and fields[1] != "0":
                raise Failure(f"{elf} has static constructors ({fields[0]}), which "
                              "targets/common/startup.c does not run")
        return elf


def markers(elf, begin, end):
    symbols = {}
    for line in run(["arm-none-eabi-nm", elf]).splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[2] in (begin, end):
            symbols[fields[2]] = "0x" + fields[0]
    if begin not in symbols or end not in symbols:
        raise Failure(f"no marker functions {begin}/{end} in {elf}")
    return symbols[begin], symbols[end]


def regions(log_path):
    counts = []
    with open(log_path) as plugin_log:
        for line in plugin_log:
            match = re.match(r"insncount: region (\d+): (\d+)", line)
            if match:
                counts.append(int(match.group(2)))
    return counts


def count_tflm(core, elf, plugin, model_path, workdir):
    """Runs the TFLM firmware on one model; returns (Invoke instructions, output bytes)."""
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    shutil.copyfile(model_path, os.path.join(workdir, "model.tflite"))
    qemu = shlex.split(run(["make", "-s", "-C", TARGETS, f"TARGET={core}", "print-run"]))
    begin, end = markers(elf, "tflm_count_begin", "tflm_count_end")
    plugin_log = os.path.join(workdir, "plugin.log")
    args = qemu + [elf, "-plugin", f"{plugin},begin={begin},end={end}",
                   "-d", "plugin", "-D", plugin_log]
    result = subprocess.run(args, cwd=workdir, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=RUN_TIMEOUT)
    with open(os.path.join(workdir, "console.log"), "w") as out:
        out.write(result.stderr)
    if result.returncode != 0:
        raise Failure(f"TFLM firmware exited with status {result.returncode} in "
                      f"{workdir}:\n{result.stderr.strip()[-1500:]}")
    counts = regions(plugin_log)
    if len(counts) != 3:
        raise Failure(f"{plugin_log}: {len(counts)} regions, expected 3")
    empty, first, second = counts
    if first != second:
        log(f"warning: {core} {model_path}: the two Invokes differ ({first - empty} and "
            f"{second - empty} instructions); the first is reported")
    with open(os.path.join(workdir, "output.bin"), "rb") as out:
        return first - empty, out.read()


def count_kinglet(core, model_dir, name, build):
    """`make -C targets count` of the emit-c model: (total instructions, kernel variant)."""
    out = run(["make", "-s", "-C", TARGETS, f"TARGET={core}", "count",
               f"MODEL_DIR={model_dir}", f"MODEL_NAME={name}", f"BUILD={build}"])
    total = re.search(r"^total (\d+)$", out, re.M)
    variant = re.search(r"^variant (\S+)$", out, re.M)
    if not total:
        raise Failure(f"make count printed no total for {name}:\n{out[-800:]}")
    return int(total.group(1)), variant.group(1) if variant else "?"


def npy_bytes(descr, shape, data):
    """A version 1.0 .npy file holding data (raw bytes, C order)."""
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %r, }" % (descr, tuple(shape))
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + data


def npy_data(path):
    with open(path, "rb") as npy:
        content = npy.read()
    if content[:6] != b"\x93NUMPY":
        raise Failure(f"{path} is not a .npy file")
    if content[6] == 1:
        return content[10 + int.from_bytes(content[8:10], "little"):]
    return content[12 + int.from_bytes(content[8:12], "little"):]


class KingletModel:
    """One model on the kinglet side: the .kgl, its emit-c sources and the expected outputs
    of the count pattern (from `kinglet run`, when every input is int8 or int16)."""

    def __init__(self, kinglet, tflite, name, folder):
        self.name = name
        self.tflite = tflite
        self.c_dir = os.path.join(folder, name)
        shutil.rmtree(self.c_dir, ignore_errors=True)
        os.makedirs(self.c_dir)
        kgl = os.path.join(folder, name + ".kgl")
        run([kinglet, "compile", tflite, "-o", kgl])
        run([kinglet, "emit-c", kgl, "-o", self.c_dir, "--name", name])
        self.expected = self.expected_outputs(kinglet, kgl)

    def expected_outputs(self, kinglet, kgl):
        info = json.loads(run([kinglet, "inspect", kgl, "--json"]))
        work = os.path.join(self.c_dir, "run")
        os.makedirs(work)
        args = [kinglet, "run", kgl]
        for i, tensor in enumerate(info["inputs"]):
            if tensor["type"] not in NPY_TYPES:
                return None  # float inputs: the firmwares use zeros, not a comparable input
            descr = NPY_TYPES[tensor["type"]]
            size = int(descr[2:])
            for d in tensor["shape"]:
                size *= d
            data = bytes((j * 73 + 41) % 256 for j in range(size))
            path = os.path.join(work, f"input{i}.npy")
            with open(path, "wb") as npy:
                npy.write(npy_bytes(descr, tensor["shape"], data))
            args += ["--input", path]
        out = os.path.join(work, "output.npy")
        run(args + ["-o", out])
        expected = npy_data(out)
        for i in range(1, len(info["outputs"])):
            expected += npy_data(os.path.join(work, f"output.{i}.npy"))
        return expected


def model_name(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    name = SHORT_NAMES.get(stem, re.sub(r"\W", "_", stem))
    return name if re.match(r"[A-Za-z_]", name) else "m_" + name


def table(rows):
    header = ("core", "model", "kinglet", "TFLM+CMSIS-NN", "kinglet/TFLM", "outputs")
    lines = [header] + [(r["core"], r["model"], f"{r['kinglet']:,}", f"{r['tflm']:,}",
                         f"{r['kinglet'] / r['tflm']:.3f}", r["outputs"]) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        cells = [cell.ljust(w) if i < 2 or i == 5 else cell.rjust(w)
                 for i, (cell, w) in enumerate(zip(line, widths))]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(
        description="kinglet vs TFLM+CMSIS-NN instruction counts under QEMU (README.md)")
    parser.add_argument("models", nargs="+", metavar="MODEL.tflite")
    parser.add_argument("--cores", default="cortex-m4,cortex-m55",
                        help=f"comma-separated, of {', '.join(CORES)} (default %(default)s)")
    parser.add_argument("--build", default=os.path.join(tempfile.gettempdir(),
                                                        "kinglet-tflm-peer"),
                        help="build and cache folder, outside the repository "
                             "(default %(default)s)")
    parser.add_argument("--kinglet", default=os.path.join(ROOT, ".build", "release", "kinglet"),
                        help="the kinglet executable (default %(default)s)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="parallel compiles for the TFLM library (default %(default)s)")
    parser.add_argument("--tflm-dir", default=os.environ.get("TFLM_DIR"))
    for name, default, _, what in CHECKOUTS:
        parser.add_argument("--" + name.lower().replace("_", "-"), dest=name.lower(),
                            default=os.environ.get(name),
                            help=f"{what} (default TFLM_DIR/{TFLM_DOWNLOADS}/{default})")
    opts = parser.parse_args()

    start = time.time()
    try:
        cores = [c for c in opts.cores.split(",") if c]
        for core in cores:
            if core not in CORES:
                raise Failure(f"unknown core {core}; one of: {', '.join(CORES)}")
        for path in opts.models:
            if not os.path.isfile(path):
                raise Failure(f"model not found: {path}")
        if not os.access(opts.kinglet, os.X_OK):
            raise Failure(f"kinglet executable not found: {opts.kinglet} (swift build -c "
                          "release, or --kinglet PATH)")
        build = os.path.abspath(opts.build)
        if build == ROOT or build.startswith(ROOT + os.sep):
            raise Failure(f"--build {build} is inside the repository; choose a folder "
                          "outside it")
        check_tools()
        dirs = find_checkouts(opts)
        os.makedirs(build, exist_ok=True)
        downloads = third_party(build, dirs)

        kinglet_build = os.path.join(build, "kinglet")
        run(["make", "-s", "-C", TARGETS, "insncount", f"BUILD={kinglet_build}"])
        plugin = os.path.join(kinglet_build, "tools", "libinsncount.so")

        names = [model_name(p) for p in opts.models]
        if len(set(names)) != len(names):
            raise Failure(f"two models have the same name: {names}")
        models = []
        for path, name in zip(opts.models, names):
            log(f"kinglet: compile and emit-c {path} as {name}")
            models.append(KingletModel(opts.kinglet, os.path.abspath(path), name,
                                       os.path.join(build, "models")))

        rows = []
        for core in cores:
            tflm = TflmBuild(core, build, dirs, downloads, opts.jobs)
            tflm.build_library()
            elf = tflm.firmware()
            for model in models:
                kinglet_count, variant = count_kinglet(core, model.c_dir, model.name,
                                                       kinglet_build)
                tflm_count, output = count_tflm(
                    core, elf, plugin, model.tflite,
                    os.path.join(build, "runs", core, model.name))
                same = ("unchecked" if model.expected is None
                        else "equal" if output == model.expected else "DIFFER")
                rows.append({"core": core, "model": model.name, "kinglet": kinglet_count,
                             "tflm": tflm_count, "outputs": same, "variant": variant})
                print(f"{model.name} {core} kinglet {kinglet_count} tflm {tflm_count} "
                      f"ratio {kinglet_count / tflm_count:.3f} outputs {same}", flush=True)
    except (Failure, subprocess.TimeoutExpired) as error:
        print(f"tflm_peer: {error}", file=sys.stderr)
        return 1

    print()
    print(table(rows))
    variants = sorted({f"{r['core']} {r['variant']}" for r in rows})
    print(f"\nkinglet kernel variants: {', '.join(variants)}; input byte j = (j*73+41) mod 256;"
          f" {time.time() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
