# stack.awk: the deepest stack of the call chains below some root functions, from the call
# graphs GCC writes with -fcallgraph-info=su (one VCG file, OBJECT.ci, per object).
#
#   awk -v roots="kgl_model_init kgl_model_invoke" -v extern_bytes=64 -f stack.awk *.ci
#
# A function compiled in one of the files is a node whose label ends in "N bytes (static)":
# its frame as -fstack-usage counts it (the same number as in the .su file: saved registers,
# locals, spills, outgoing arguments; on x86-64 also the return address). A call is an
# edge. A static function's title is "FILE:NAME", so equal names in different files stay
# apart, and a call to a plain name is the one non-static definition of that name. The depth
# of a function is its frame plus the deepest depth among its callees: every chain is
# counted, whether or not a given model takes it, so the result is an upper bound for any
# model and input. A callee defined in none of the files (libgcc helpers; memcpy and memset
# of the C library on hosted targets) counts extern_bytes.
#
# Output: per root, "ROOT BYTES f > g > h" (its depth and deepest chain); then "extern" and
# the callees counted with extern_bytes. Exits 1 with a message on stderr when a root is
# missing, or on recursion, an indirect call or a frame of unbounded (dynamic) size: no
# bound could be given then.

/^node: / {
    title = quoted("title")
    # Defined here only when the label carries the frame size.
    if (match($0, /[0-9]+ bytes \([a-z,]+\)/)) {
        split(substr($0, RSTART, RLENGTH), part, " ")
        if (!(title in frame) || part[1] + 0 > frame[title]) frame[title] = part[1] + 0
        if (part[3] == "(dynamic)") unbounded[title] = 1
    }
    next
}

/^edge: / {
    from = quoted("sourcename")
    to = quoted("targetname")
    if (!((from, to) in seen)) {
        seen[from, to] = 1
        calls[from] += 1
        callee[from, calls[from]] = to
    }
    next
}

# The text of `key: "..."` on the current line.
function quoted(key,    text) {
    if (!match($0, key ": \"[^\"]*\"")) return ""
    text = substr($0, RSTART, RLENGTH)
    return substr(text, length(key) + 4, length(text) - length(key) - 4)
}

function fail(message) {
    print "stack.awk: " message > "/dev/stderr"
    failed = 1
}

# Frame of f plus the deepest of its callees, memoized; deepest[f] is the callee on the
# deepest chain.
function depth(f,    i, c, d, best) {
    if (f in memo) return memo[f]
    if (f == "__indirect_call") { fail("an indirect call: no bound"); return 0 }
    if (f in active) { fail("recursion through " f ": no bound"); return 0 }
    if (f in unbounded) fail(f " has a dynamic (unbounded) frame")
    active[f] = 1
    best = 0
    for (i = 1; i <= calls[f]; i++) {
        c = callee[f, i]
        if (c in frame || c == "__indirect_call") {
            d = depth(c)
        } else {
            d = extern_bytes + 0
            external[c] = 1
        }
        if (d > best || !(f in deepest)) { best = d; deepest[f] = c }
    }
    delete active[f]
    memo[f] = frame[f] + best
    return memo[f]
}

# "f > g > h": the deepest chain from f.
function chain(f,    text) {
    text = f
    while (f in deepest) {
        f = deepest[f]
        text = text " > " f
    }
    return text
}

END {
    count = split(roots, root, " ")
    for (r = 1; r <= count; r++) {
        if (!(root[r] in frame)) { fail("no function " root[r] " in the call graphs"); continue }
        bytes[r] = depth(root[r])
    }
    if (failed) exit 1
    for (r = 1; r <= count; r++) print root[r], bytes[r], chain(root[r])
    names = ""
    for (c in external) names = names " " c
    print "extern" names
}
