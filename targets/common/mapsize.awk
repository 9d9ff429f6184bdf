# mapsize.awk: sums the sizes of the input sections a GNU ld link map places in the
# output, by origin (runtime objects under `dir`, libgcc) and by kind (.text*, .rodata*,
# .data*, .bss*/COMMON, anything else loaded such as unwind tables; debug info and notes
# are skipped).
#
#   awk -v dir=BUILD/TARGET/runtime/ -f mapsize.awk kinglet-harness.map
#   awk -v dir=... -v format=keys -f mapsize.awk kinglet-size.map     (make model-size)
#
# Only the part after "Linker script and memory map" is read: the earlier "Discarded input
# sections" list holds what --gc-sections removed. An input section line is " NAME ADDR
# SIZE FILE", or " NAME" alone with "ADDR SIZE FILE" on the next line when NAME is long.
#
# When the map has a cross-reference table (ld --cref), "libgcc" counts only the libgcc
# members the runtime pulls in: those defining a symbol that a runtime object, or another
# such member, references (on a hosted target the C library pulls in libgcc members of its
# own). Without one, every libgcc member linked is counted.
#
# format=keys (needs --cref) prints runtime_text, runtime_rodata, runtime_data and
# runtime_bss as key=value lines: the runtime's sections plus those of its libgcc members
# ("other", the unwind tables, is left out).

/^Linker script and memory map/ { placed = 1; next }
/^Cross Reference Table/ { placed = 0; cref = 1; next }
cref { cross_reference(); next }
!placed { next }

# A long section name alone on its line: its numbers follow on the next line.
/^ [.A-Za-z_]/ && NF == 1 { pending = $1; next }

{
    name = ""
    if (pending != "" && NF == 3 && $1 ~ /^0x/ && $2 ~ /^0x/) {
        name = pending; size = $2; file = $3
    } else if ($0 ~ /^ [.A-Za-z_]/ && NF == 4 && $2 ~ /^0x/ && $3 ~ /^0x/) {
        name = $1; size = $3; file = $4
    }
    pending = ""
    if (name == "") next

    if (index(file, dir) == 1) origin = "runtime"
    else if (file ~ /libgcc\.a\(/) origin = "libgcc"
    else next

    # Not loaded on the target: debug info, compiler notes, build attributes.
    if (name ~ /^\.(debug|comment|note|ARM\.attributes|stab)/) next

    if (name ~ /^\.text/) kind = "text"
    else if (name ~ /^\.rodata/) kind = "rodata"
    else if (name ~ /^\.data/) kind = "data"
    else if (name ~ /^\.bss/ || name == "COMMON") kind = "bss"
    else kind = "other"
    # libgcc is summed per member at the end, once it is known which ones count.
    if (origin == "libgcc") {
        member[file, kind] += strtonum_hex(size)
        members[file] = 1
    } else {
        total[origin, kind] += strtonum_hex(size)
    }
}

# One line of the cross-reference table: "SYMBOL FILE" names the file defining SYMBOL
# (FILE alone on the next line when SYMBOL is long); the indented lines after it list the
# files referencing it. Only references to libgcc members are kept.
function cross_reference() {
    if ($0 ~ /^Symbol[ \t]/ || NF == 0) return
    if ($0 !~ /^[ \t]/) {
        definer = (NF >= 2) ? $2 : ""
        return
    }
    if (definer == "") { definer = $1; return }
    if (definer ~ /libgcc\.a\(/) {
        references += 1
        ref_from[references] = $1
        ref_to[references] = definer
    }
}

# The libgcc members the runtime pulls in, directly or through another such member.
function runtime_members(    changed, i) {
    changed = 1
    while (changed) {
        changed = 0
        for (i = 1; i <= references; i++) {
            if ((index(ref_from[i], dir) == 1 || ref_from[i] in needed) && \
                !(ref_to[i] in needed)) {
                needed[ref_to[i]] = 1
                changed = 1
            }
        }
    }
}

# Portable hex parsing (mawk has no strtonum).
function strtonum_hex(text,    value, i, digit) {
    value = 0
    text = tolower(substr(text, 3))
    for (i = 1; i <= length(text); i++) {
        digit = index("0123456789abcdef", substr(text, i, 1)) - 1
        value = value * 16 + digit
    }
    return value
}

END {
    if (cref) runtime_members()
    for (file in members) {
        if (cref && !(file in needed)) continue
        split("text rodata data bss other", kinds, " ")
        for (k = 1; k <= 5; k++) total["libgcc", kinds[k]] += member[file, kinds[k]]
    }
    if (format == "keys") {
        if (!cref) {
            print "mapsize.awk: format=keys needs a map with a cross-reference table (ld --cref)" > "/dev/stderr"
            exit 1
        }
        split("text rodata data bss", kinds, " ")
        for (k = 1; k <= 4; k++) {
            printf "runtime_%s=%d\n", kinds[k], total["runtime", kinds[k]] + total["libgcc", kinds[k]]
        }
        exit 0
    }
    printf "%-9s %9s %9s %9s %9s %9s\n", "", ".text", ".rodata", ".data", ".bss", "other"
    split("runtime libgcc", origins, " ")
    for (o = 1; o <= 2; o++) {
        printf "%-9s %9d %9d %9d %9d %9d\n", origins[o], total[origins[o], "text"],
               total[origins[o], "rodata"], total[origins[o], "data"],
               total[origins[o], "bss"], total[origins[o], "other"]
    }
}
