#!/usr/bin/env python3
"""Evidence for the CHAOTIC list in tests/torch_parity.rs (plain Python floats; no torch, no numpy).

Re-implements the update rules of RMSprop, Adadelta, Adafactor and L-BFGS (torch's algorithm) in f64, shows they
reproduce torch's reference trajectories in torch_optim.json, then shows how far tiny perturbations
(of the start, or rounding to f32) move them, in units of the test tolerance 1e-4 + 1e-3 |ref|.
Run from the repo root: python3 crates/downhill-optim/tests/data/f32_sensitivity.py
"""
import json, math, struct
import os
d=json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'torch_optim.json')))
C={c['name']:c for c in d['cases']}
def f32(x): return struct.unpack('f',struct.pack('f',x))[0]
def grad(p):
    x,y=p; return [-2*(1-x)-400*x*(y-x*x), 200*(y-x*x)]
def rmsprop(start, lr, alpha, eps=1e-8, steps=100, r=lambda x:x):
    p=list(start); v=[0,0]; out=[list(p)]
    for _ in range(steps):
        g=[r(t) for t in grad(p)]
        for i in range(2):
            v[i]=r(alpha*v[i]+(1-alpha)*g[i]*g[i])
            p[i]=r(p[i]-lr*g[i]/(math.sqrt(v[i])+eps))
        out.append(list(p))
    return out
def adadelta(start, lr, rho=0.9, eps=1e-6, steps=100, r=lambda x:x):
    p=list(start); v=[0,0]; a=[0,0]; out=[list(p)]
    for _ in range(steps):
        g=[r(t) for t in grad(p)]
        for i in range(2):
            v[i]=r(rho*v[i]+(1-rho)*g[i]*g[i])
            dl=r(math.sqrt(a[i]+eps)/math.sqrt(v[i]+eps)*g[i])
            a[i]=r(rho*a[i]+(1-rho)*dl*dl)
            p[i]=r(p[i]-lr*dl)
        out.append(list(p))
    return out
def report(name, run):
    ref=C[name]['trajectory']
    for label, traj in run:
        worst=max((abs(traj[k][i]-ref[k][0][i])/(1e-4+1e-3*abs(ref[k][0][i])),k) for k in range(101) for i in range(2))
        print(name, label, 'worst ratio %.3g at step %d'%worst)
report('rmsprop_alpha0.9_rosenbrock', [
  ('f64', rmsprop([-1.5,2.0],0.01,0.9)),
  ('f64 start+1e-7', rmsprop([-1.5+1e-7,2.0],0.01,0.9)),
  ('f32-rounded', rmsprop([-1.5,2.0],0.01,0.9,r=f32)),
])
report('adadelta_lr10_rosenbrock', [
  ('f64', adadelta([-1.5,2.0],10.0)),
  ('f64 start+1e-7', adadelta([-1.5+1e-7,2.0],10.0)),
  ('f32-rounded', adadelta([-1.5,2.0],10.0,r=f32)),
])
report('adadelta_rho0.5_rosenbrock', [
  ('f64', adadelta([-1.5,2.0],1.0,rho=0.5)),
  ('f64 start+1e-7', adadelta([-1.5+1e-7,2.0],1.0,rho=0.5)),
  ('f32-rounded', adadelta([-1.5,2.0],1.0,rho=0.5,r=f32)),
])
def horizon(name, traj):
    ref=C[name]['trajectory']
    for k in range(101):
        if any(abs(traj[k][i]-ref[k][0][i])>(1e-4+1e-3*abs(ref[k][0][i])) for i in range(2)): return k
    return None
for eps in (1e-7, 1e-8):
    print('first step outside the tolerance (rmsprop, adadelta) for start +', eps, ':', horizon('rmsprop_alpha0.9_rosenbrock', rmsprop([-1.5+eps,2.0],0.01,0.9)), horizon('adadelta_lr10_rosenbrock', adadelta([-1.5+eps,2.0],10.0)))
print('first step outside the tolerance with f32 rounding:', horizon('rmsprop_alpha0.9_rosenbrock', rmsprop([-1.5,2.0],0.01,0.9,r=f32)), horizon('adadelta_lr10_rosenbrock', adadelta([-1.5,2.0],10.0,r=f32)))
def adafactor(start, lr=0.01, beta2_decay=-0.8, eps2=1e-3, d=1.0, steps=100, r=lambda x:x):
    # torch's _single_tensor_adafactor for one vector (unfactored); eps1 = the float type's epsilon
    eps1=2.0**-23 if r is f32 else 2.0**-52
    p=list(start); v=[0,0]; out=[list(p)]
    lerp=lambda a,b,w: a+w*(b-a) if abs(w)<0.5 else b-(b-a)*(1-w)
    for t in range(1,steps+1):
        g=[r(x) for x in grad(p)]
        w=t**beta2_decay; rho=min(lr,1/math.sqrt(t)); alpha=max(eps2,math.sqrt(sum(x*x for x in p)/2))*rho
        v=[r(lerp(a,x*x,w)) for a,x in zip(v,g)]
        u=[r(x/math.sqrt(max(a,eps1*eps1))) for a,x in zip(v,g)]
        denom=max(1.0,math.sqrt(sum(x*x for x in u)/2)/d)
        p=[r(a-alpha/denom*x) for a,x in zip(p,u)]
        out.append(list(p))
    return out
report('adafactor_defaults_rosenbrock', [
  ('f64', adafactor([-1.5,2.0])),
  ('f64 start+1e-7', adafactor([-1.5+1e-7,2.0])),
  ('f32-rounded', adafactor([-1.5,2.0],r=f32)),
])
print('first step outside the tolerance (adafactor) for start + 1e-7, 1e-8 and f32 rounding:', horizon('adafactor_defaults_rosenbrock', adafactor([-1.5+1e-7,2.0])), horizon('adafactor_defaults_rosenbrock', adafactor([-1.5+1e-8,2.0])), horizon('adafactor_defaults_rosenbrock', adafactor([-1.5,2.0],r=f32)))
def rosen(p):
    x,y=p; return (1-x)**2+100*(y-x*x)**2, [-2*(1-x)-400*x*(y-x*x), 200*(y-x*x)]
def dot(a,b): return sum(x*y for x,y in zip(a,b))
def cubic(x1,f1,g1,x2,f2,g2,bounds=None):
    if bounds is not None: lo,hi=bounds
    else: lo,hi=(x1,x2) if x1<=x2 else (x2,x1)
    d1=g1+g2-3*(f1-f2)/(x1-x2); d2s=d1**2-g1*g2
    if d2s>=0:
        d2=math.sqrt(d2s)
        if x1<=x2: mp=x2-(x2-x1)*((g2+d2-d1)/(g2-g1+2*d2))
        else: mp=x1-(x1-x2)*((g1+d2-d1)/(g1-g2+2*d2))
        return min(max(mp,lo),hi)
    return (lo+hi)/2
def wolfe(obj,x,t,d,f,g,gtd,c1=1e-4,c2=0.9,tc=1e-9,max_ls=25):
    dn=max(abs(v) for v in d)
    fn,gn=obj(x,t,d); ev=1; gtdn=dot(gn,d)
    tp,fp,gp,gtdp=0,f,g,gtd; done=False; it=0
    while it<max_ls:
        if fn>f+c1*t*gtd or (it>1 and fn>=fp):
            br=[tp,t];bf=[fp,fn];bg=[gp,gn];bgtd=[gtdp,gtdn];break
        if abs(gtdn)<=-c2*gtd:
            br=[t];bf=[fn];bg=[gn];done=True;break
        if gtdn>=0:
            br=[tp,t];bf=[fp,fn];bg=[gp,gn];bgtd=[gtdp,gtdn];break
        mn=t+0.01*(t-tp); mx=t*10; tmp=t
        t=cubic(tp,fp,gtdp,t,fn,gtdn,(mn,mx))
        tp=tmp;fp=fn;gp=gn;gtdp=gtdn
        fn,gn=obj(x,t,d); ev+=1; gtdn=dot(gn,d); it+=1
    if it==max_ls: br=[0,t];bf=[f,fn];bg=[g,gn]
    insuf=False
    lp,hp=(0,1) if bf[0]<=bf[-1] else (1,0)
    while not done and it<max_ls:
        if abs(br[1]-br[0])*dn<tc: break
        t=cubic(br[0],bf[0],bgtd[0],br[1],bf[1],bgtd[1])
        eps=0.1*(max(br)-min(br))
        if min(max(br)-t,t-min(br))<eps:
            if insuf or t>=max(br) or t<=min(br):
                t = max(br)-eps if abs(t-max(br))<abs(t-min(br)) else min(br)+eps
                insuf=False
            else: insuf=True
        else: insuf=False
        fn,gn=obj(x,t,d); ev+=1; gtdn=dot(gn,d); it+=1
        if fn>f+c1*t*gtd or fn>=bf[lp]:
            br[hp]=t;bf[hp]=fn;bg[hp]=gn;bgtd[hp]=gtdn
            lp,hp=(0,1) if bf[0]<=bf[1] else (1,0)
        else:
            if abs(gtdn)<=-c2*gtd: done=True
            elif gtdn*(br[hp]-br[lp])>=0:
                br[hp]=br[lp];bf[hp]=bf[lp];bg[hp]=bg[lp];bgtd[hp]=bgtd[lp]
            br[lp]=t;bf[lp]=fn;bg[lp]=gn;bgtd[lp]=gtdn
    return bf[lp],bg[lp],br[lp],ev
def run(name, r=lambda v:v, perturb=0.0):
    c=C[name]; o=c['resolved_options']
    lr,mi,me,tg,tc,hs,ls=o['lr'],o['max_iter'],o['max_eval'],o['tolerance_grad'],o['tolerance_change'],o['history_size'],o['line_search_fn']
    p=[r(v) for v in c['start'][0]]; p[0]+=perturb
    st=dict(fe=0,ni=0)
    def clo(p):
        l,g=rosen(p); return l,[r(v) for v in g]
    traj=[list(p)]
    for k in range(c['steps']):
        loss,g=clo(p); orig=loss; ce=1; st['fe']+=1
        if max(abs(v) for v in g)<=tg: traj.append(list(p)); continue
        n=0
        while n<mi:
            n+=1; st['ni']+=1
            if st['ni']==1:
                dd=[-v for v in g]; od=[];os_=[];ro=[];H=1
            else:
                y=[a-b for a,b in zip(g,st['pg'])]; s=[v*st['t'] for v in st['d']]; ys=dot(y,s)
                od,os_,ro,H=st['od'],st['os'],st['ro'],st['H']
                if ys>1e-10:
                    if len(od)==hs: od.pop(0);os_.pop(0);ro.pop(0)
                    od.append(y);os_.append(s);ro.append(1/ys);H=ys/dot(y,y)
                al=[0]*len(od); q=[-v for v in g]
                for i in range(len(od)-1,-1,-1):
                    al[i]=dot(os_[i],q)*ro[i]; q=[a-al[i]*b for a,b in zip(q,od[i])]
                rr=[v*H for v in q]
                for i in range(len(od)):
                    be=dot(od[i],rr)*ro[i]; rr=[a+(al[i]-be)*b for a,b in zip(rr,os_[i])]
                dd=rr
            st.update(d=dd,od=od,os=os_,ro=ro,H=H,pg=list(g),pl=loss)
            t=min(1.,1./sum(abs(v) for v in g))*lr if st['ni']==1 else lr
            st['t']=t
            gtd=dot(g,dd)
            if gtd>-tc: break
            if ls=='strong_wolfe':
                def obj(x,t,d):
                    return clo([r(a+t*b) for a,b in zip(x,d)])
                loss,g,t,lse=wolfe(obj,list(p),t,dd,loss,g,gtd)
                st['t']=t
                p=[r(a+t*b) for a,b in zip(p,dd)]
                oc=max(abs(v) for v in g)<=tg
            else:
                p=[r(a+t*b) for a,b in zip(p,dd)]
                lse=0; oc=False
                if n!=mi:
                    loss,g=clo(p); oc=max(abs(v) for v in g)<=tg; lse=1
            ce+=lse; st['fe']+=lse
            if n==mi or ce>=me or oc or max(abs(v*t) for v in dd)<=tc or abs(loss-st['pl'])<tc: break
        traj.append(list(p))
    ref=c['trajectory']
    worst=max((abs(traj[k][i]-ref[k][0][i])/(1e-4+1e-3*abs(ref[k][0][i])),k) for k in range(len(ref)) for i in range(2))
    print(name, 'worst ratio %.3g at step %d'%worst, st['fe'], st['ni'], c['func_evals'][-1], c['n_iter'][-1])
print('L-BFGS: f64 port, start + 1e-9, everything rounded to f32 (last 4 numbers: our func_evals, n_iter; torch func_evals, n_iter)')
for n in ['lbfgs_defaults_rosenbrock','lbfgs_strong_wolfe_rosenbrock','lbfgs_lr0.5_history5_rosenbrock']:
    run(n); run(n, perturb=1e-9); run(n, r=f32)
