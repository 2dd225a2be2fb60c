//go:build !openblas

#include "textflag.h"

DATA abs32x8<>+0(SB)/4, $0x7fffffff
GLOBL abs32x8<>(SB), RODATA|NOPTR, $4

// func radiusInput32x8(n int, t, c, r *float32, k *[5]float32)
//
// radiusInput32's loop for n elements (a multiple of 8), eight at a time,
// with k = {g, h, 1 + 2^-21, 2^-125, 2^-124}; per element, float32
// operations in the order of the Go code, no FMA:
//
//	x = (g*r + h*|c|) * k2
//	t = 0 if r == 0 and c == 0, else k4 if x < k3, else x
TEXT ·radiusInput32x8(SB), NOSPLIT, $0-40
	MOVQ n+0(FP), CX
	MOVQ t+8(FP), DI
	MOVQ c+16(FP), SI
	MOVQ r+24(FP), DX
	MOVQ k+32(FP), AX
	VBROADCASTSS 0(AX), Y8
	VBROADCASTSS 4(AX), Y9
	VBROADCASTSS 8(AX), Y10
	VBROADCASTSS 12(AX), Y11
	VBROADCASTSS 16(AX), Y12
	VBROADCASTSS abs32x8<>(SB), Y13
	VXORPS       Y15, Y15, Y15
	XORQ         BX, BX
	TESTQ        CX, CX
	JE           rdone

rloop:
	VMOVUPS (DX)(BX*4), Y0
	VMOVUPS (SI)(BX*4), Y1
	VANDPS  Y13, Y1, Y1
	VMULPS  Y8, Y0, Y2
	VMULPS  Y9, Y1, Y3
	VADDPS  Y3, Y2, Y2
	VMULPS  Y10, Y2, Y2
	VCMPPS  $0, Y15, Y0, Y4
	VCMPPS  $0, Y15, Y1, Y5
	VANDPS  Y5, Y4, Y4
	VCMPPS  $1, Y11, Y2, Y6
	VBLENDVPS Y6, Y12, Y2, Y2
	VANDNPS Y2, Y4, Y2
	VMOVUPS Y2, (DI)(BX*4)
	ADDQ    $8, BX
	CMPQ    BX, CX
	JL      rloop

rdone:
	VZEROUPPER
	RET
