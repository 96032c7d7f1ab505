#!/usr/bin/env python3
"""Structure numbers of a checkout (issue 19): files per package, longest methods, public types per module.

Usage: python3 scripts/structure-stats.py DIR (a checkout; e.g. a git worktree of an older commit)."""
import os, re, sys, collections
root = sys.argv[1]
pkgs = collections.Counter(); public = collections.Counter(); types = collections.Counter()
methods = []
decl = re.compile(r'^\s+(?:(?:public|protected|private|static|final|synchronized|abstract|default)\s+)*(?:<[^>]+>\s+)?[\w<>\[\],.? ]+\s+(\w+)\s*\([^;]*$')
for dp, dn, fn in os.walk(os.path.join(root, 'services')):
    if '/src/main/java' not in dp: continue
    for f in fn:
        if not f.endswith('.java'): continue
        p = os.path.join(dp, f); mod = p.split('/services/')[1].split('/')[0]
        src = open(p, encoding='utf-8').read(); lines = src.split('\n')
        pkg = re.search(r'^package ([\w.]+);', src, re.M).group(1)
        pkgs[pkg] += 1; types[mod] += 1
        if re.search(r'^public (final |abstract )?(class|record|interface|enum) ', src, re.M): public[mod] += 1
        i = 0
        while i < len(lines):
            m = decl.match(lines[i])
            if m and not re.match(r'\s+(if|for|while|switch|return|new|else|catch|try)\b', lines[i]):
                j = i; depth = 0; started = False
                while j < len(lines):
                    depth += lines[j].count('{') - lines[j].count('}')
                    if '{' in lines[j]: started = True
                    if started and depth <= 0: break
                    if not started and lines[j].rstrip().endswith(';'): break
                    j += 1
                if started: methods.append((j - i + 1, f"{p.split('/java/')[1]}:{m.group(1)}"))
                i = j + 1 if started else i + 1
            else:
                i += 1
print("packages:", len(pkgs), " files in the largest:", pkgs.most_common(3))
print("public types per module (public/all):", {m: f"{public[m]}/{types[m]}" for m in sorted(types)})
methods.sort(reverse=True)
print("longest methods:", methods[:5])
print("methods over 60 lines:", sum(1 for n, _ in methods if n > 60))
