//go:build !openblas

#include "textflag.h"

DATA absmask64<>+0(SB)/8, $0x7fffffffffffffff
GLOBL absmask64<>(SB), RODATA|NOPTR, $8

DATA max32<>+0(SB)/4, $0x7f7fffff
GLOBL max32<>(SB), RODATA|NOPTR, $4

DATA half32x4<>+0(SB)/4, $0x3f000000
DATA half32x4<>+4(SB)/4, $0x3f000000
DATA half32x4<>+8(SB)/4, $0x3f000000
DATA half32x4<>+12(SB)/4, $0x3f000000
GLOBL half32x4<>(SB), RODATA|NOPTR, $16

DATA abs32x4<>+0(SB)/4, $0x7fffffff
DATA abs32x4<>+4(SB)/4, $0x7fffffff
DATA abs32x4<>+8(SB)/4, $0x7fffffff
DATA abs32x4<>+12(SB)/4, $0x7fffffff
GLOBL abs32x4<>(SB), RODATA|NOPTR, $16

// func epilogueReLU32(npos, cout int, y, r *float32, b, es, mc, mr *float64, k *[5]float64, t *float32, kt *[5][4]float32) bool
//
// The float32 epilogue of bconv.forward followed by ReLU, four channels at
// a time, for npos positions of cout channels (cout a multiple of 4). With
// k = {f1, uu, sl, upMul, upAdd}, per element (float64 operations in the
// order of the Go code, no FMA):
//
//	v = float64(y) + b[o]; rad = ((f1*float64(r) + es[o]) + uu*|v|) * sl
//	cv = float32(v); rv = float32(rad*upMul + upAdd)
//	bad |= !(|cv| <= MaxFloat32) || !(rv <= MaxFloat32)
//	(y, r) = relu(cv, rv); mc[o] = max(mc[o], |y|); mr[o] = max(mr[o], r)
//
// and, when t is not nil, the next layer's radius input from the new (y,
// r) as radiusInput32x8 computes it, with kt its five constants {g, h,
// 1 + 2^-21, 2^-125, 2^-124}, each four times:
//
//	x = (g*r + h*|y|) * kt2
//	t = 0 if r == 0 and y == 0, else kt4 if x < kt3, else x
TEXT ·epilogueReLU32(SB), NOSPLIT, $0-89
	MOVQ npos+0(FP), CX
	MOVQ cout+8(FP), BX
	MOVQ y+16(FP), DI
	MOVQ r+24(FP), SI
	MOVQ b+32(FP), R8
	MOVQ es+40(FP), R9
	MOVQ mc+48(FP), R10
	MOVQ mr+56(FP), R11
	MOVQ t+72(FP), R12
	MOVQ kt+80(FP), R13
	MOVQ k+64(FP), AX
	VBROADCASTSD 0(AX), Y8
	VBROADCASTSD 8(AX), Y9
	VBROADCASTSD 16(AX), Y10
	VBROADCASTSD 24(AX), Y11
	VBROADCASTSD 32(AX), Y12
	VBROADCASTSD absmask64<>(SB), Y13
	VBROADCASTSS max32<>(SB), X14
	VXORPS       Y15, Y15, Y15
	TESTQ        CX, CX
	JE           edone

epos:
	XORQ DX, DX

eelem:
	VCVTPS2PD  (DI)(DX*4), Y0
	VADDPD     (R8)(DX*8), Y0, Y0
	VCVTPS2PD  (SI)(DX*4), Y1
	VMULPD     Y8, Y1, Y1
	VADDPD     (R9)(DX*8), Y1, Y1
	VANDPD     Y13, Y0, Y2
	VMULPD     Y9, Y2, Y3
	VADDPD     Y3, Y1, Y1
	VMULPD     Y10, Y1, Y1
	VMULPD     Y11, Y1, Y1
	VADDPD     Y12, Y1, Y1
	VCVTPD2PSY Y1, X4
	VCVTPD2PSY Y0, X5
	VCVTPD2PSY Y2, X6
	VCMPPS     $6, X14, X6, X7
	VORPS      X7, X15, X15
	VCMPPS     $6, X14, X4, X7
	VORPS      X7, X15, X15

	// relu: u = float32((float64(cv)+float64(rv))*upMul + upAdd), h = u/2,
	// unstable box (h, h+h != u ? u : h), dead (cv <= -rv) box 0, active
	// (rv <= cv) box unchanged
	VCVTPS2PD  X5, Y1
	VCVTPS2PD  X4, Y3
	VADDPD     Y3, Y1, Y1
	VMULPD     Y11, Y1, Y1
	VADDPD     Y12, Y1, Y1
	VCVTPD2PSY Y1, X6
	VMULPS     half32x4<>(SB), X6, X7
	VADDPS     X7, X7, X2
	VCMPPS     $4, X6, X2, X2
	VBLENDVPS  X2, X6, X7, X3
	VXORPS     X1, X1, X1
	VSUBPS     X4, X1, X1
	VCMPPS     $2, X1, X5, X1
	VANDNPS    X7, X1, X7
	VANDNPS    X3, X1, X3
	VCMPPS     $2, X5, X4, X1
	VBLENDVPS  X1, X5, X7, X5
	VBLENDVPS  X1, X4, X3, X4
	VMOVUPS    X5, (DI)(DX*4)
	VMOVUPS    X4, (SI)(DX*4)

	// the next layer's radius input
	TESTQ     R12, R12
	JE        enot
	VANDPS    abs32x4<>(SB), X5, X0
	VMULPS    0(R13), X4, X1
	VMULPS    16(R13), X0, X2
	VADDPS    X2, X1, X1
	VMULPS    32(R13), X1, X1
	VXORPS    X3, X3, X3
	VCMPPS    $0, X3, X4, X2
	VCMPPS    $0, X3, X0, X3
	VANDPS    X3, X2, X2
	VMOVUPS   48(R13), X3
	VCMPPS    $1, X3, X1, X3
	VMOVUPS   64(R13), X6
	VBLENDVPS X3, X6, X1, X1
	VANDNPS   X1, X2, X1
	VMOVUPS   X1, (R12)(DX*4)

enot:
	// channel maxima
	VANDPS    abs32x4<>(SB), X5, X5
	VCVTPS2PD X5, Y6
	VMAXPD    (R10)(DX*8), Y6, Y6
	VMOVUPD   Y6, (R10)(DX*8)
	VCVTPS2PD X4, Y6
	VMAXPD    (R11)(DX*8), Y6, Y6
	VMOVUPD   Y6, (R11)(DX*8)

	ADDQ $4, DX
	CMPQ DX, BX
	JL   eelem
	LEAQ (DI)(BX*4), DI
	LEAQ (SI)(BX*4), SI
	TESTQ R12, R12
	JE    enext
	LEAQ (R12)(BX*4), R12

enext:
	DECQ CX
	JNE  epos

edone:
	VMOVMSKPS X15, AX
	TESTL     AX, AX
	SETNE     ret+88(FP)
	VZEROUPPER
	RET
