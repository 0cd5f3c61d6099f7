/* Stands in for <stdatomic.h> in kernel.c: plain ints, and a count of
   calls in flight that stays at 1 however many calls are inside. */
#ifndef KATA_SHADOW_STDATOMIC_H
#define KATA_SHADOW_STDATOMIC_H
typedef int atomic_int;
typedef long long atomic_llong;
#define atomic_load(p) (*(p) > 1 ? 1 : *(p))
#define atomic_store(p, v) (*(p) = (v))
#define atomic_fetch_add(p, v) ((*(p) += (v)) - (v))
#define atomic_fetch_sub(p, v) ((*(p) -= (v)) + (v))
#define atomic_compare_exchange_weak(p, e, v) (*(p) = (v), 1)
#endif
