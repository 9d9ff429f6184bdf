# mapsize.awk: sums the sizes of the input sections a GNU ld link map places in the
# output, by origin (runtime objects under `dir`, libgcc) and by kind (.text*, .rodata*,
# .data*, .bss*/COMMON, anything else loaded such as unwind tables; debug info and notes
# are skipped).
#
#   awk -v dir=BUILD/TARGET/runtime/ -f mapsize.awk kinglet-harness.map
#
# Only the part after "Linker script and memory map" is read: the earlier "Discarded input
# sections" list holds what --gc-sections removed. An input section line is " NAME ADDR
# SIZE FILE", or " NAME" alone with "ADDR SIZE FILE" on the next line when NAME is long.

/^Linker script and memory map/ { placed = 1; next }
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
    total[origin, kind] += strtonum_hex(size)
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
    printf "%-9s %9s %9s %9s %9s %9s\n", "", ".text", ".rodata", ".data", ".bss", "other"
    split("runtime libgcc", origins, " ")
    for (o = 1; o <= 2; o++) {
        printf "%-9s %9d %9d %9d %9d %9d\n", origins[o], total[origins[o], "text"],
               total[origins[o], "rodata"], total[origins[o], "data"],
               total[origins[o], "bss"], total[origins[o], "other"]
    }
}
