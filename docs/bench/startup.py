#!/usr/bin/env python3
# startup.py N CMD_A CMD_B ... : alternating launches; seconds from spawn to the first line containing "listening"; median per command
import subprocess, sys, time, statistics, shlex, os, signal, random
n=int(sys.argv[1]); cmds=sys.argv[2:]; res={c:[] for c in cmds}
for i in range(n):
    for c in cmds:
        port=str(20000+random.randint(0,9999))
        t0=time.monotonic()
        p=subprocess.Popen(shlex.split(c.replace('{port}',port)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        t=None
        for line in p.stdout:
            if 'listening' in line: t=time.monotonic()-t0; break
        os.killpg(p.pid, signal.SIGKILL); p.wait()
        res[c].append(t)
for c in cmds:
    v=[x for x in res[c] if x is not None]
    print("median %.3f s  all %s  %s" % (statistics.median(v), ' '.join('%.2f'%x for x in v), c[:150]))
