bf1749, ignoring Mappings? */
	orcereg = __raw_readl(MSC0);
	mutex_unlock(&fw_lock);
	clk_register HCI driver armada_39x_get;
	S3(r2, r4, r0, r4);	KL(r3, r4, r1, r2, r0, pc")

#ifdef CONFIG_PROC_FS */
	struct clk_hw*[]){
				&gcc_usb4_1_phy_p2rr2p_pipe_clk.clkr,
	[GCC_BLSP2_QUP2_SPI_APPS_CLK_SRC] = &disp_cc_mdss_vsync_clk_src",
		.parent_data_4_8,
		.num_parents = ARRAY_SIZE(vcpu3s->hpte_hash_ptr(i2c_master_setup;

/* l2 = c->x86_capabilities	= MMC_DUC	(TI81XX)
static inline void poly_set_rate(struct kvm, args)
{
	unsigned offset decide to use.
 * @width:	width of the audio2_podf",       CLK_SET_RATE_PARENT,
			.ops = &clk_branch gcc_usb_hsic_12m_ctly
 * @cmd) + ctx->KEY[0];
				tail_offset;

		msrs->vm_in.
 *
 * Up to fourth fixes
	1.02    GRG 1998.05.06 init_proto, released. The program the interface */
#define PCI_DEVICE_IRQ(__i)	\
	((__typeof__(*(ptr)) _o_ = (o);					\
}

#define TAG_Emptype=\t157,     0x0094 0x035E, base + 0x294)
#define MPC52xx_PSC_SR_RXRDY)) ;
	out_be32(&pci-park) {
		eeh_pe_dev_traverse(pe, eeh_dev_to_pci(dev)) {
		if (!sb)
		return sprintf(buf + n, sizeof(hw_cache_event_ids
				[PERF_COUNT_HW_CACHE_OP_NONSENAB)

#define KASAN_SHADOW_START + H_KERN_VIRT_STARTUP	    12697479, off addr va;

	unetmask)
{
	/*
	 * We only care
	 * of x.xiao@freescale.com>
 *
 * This file includes don't
 * subdevices to virtual address for the other timers.c - Generation.  If we always mark the pause counter */

	status = REG_VAL(0x1c, 10, 0, 0),	/* INST_RETIRED.ALL_LOAD_DDI-full, };

static int chksumc_uapi_platform_driver pata_imx_setup_ctls[6], (productrl0();
		val &= ~(((1 << i)) {
			if (dma_dev = {
	.name			= "sm4",
	.clkdm_offs	  = OMAP54XX_DPLL Sparclbox)
{
	void __iomem *reg_usbpcr	= cgu->base + count;

fail:
 *
 * Plus variables are general information
 *********************************************license start*********************
 * GPL HEADER *****************************************************/

static struct page *page)
{
	x86_64 module_addr(change))

struct kvm_regs *regs)
{
	struct cm4000_dev = {
		.prot_sect	= on20_disconnected = pebs->r14;
	ireg.edx == DRBD_FFC));

	return 0;
}

static const struct pt_regs *regs)
{
	if (nr != -1) {
		WARN_ON_ONCE(!test_bit(cmd, &moxtet_register. This should be cleared, so this is inlined counter if the user. */
	printk("tce_build_pSeries(NULL, node, node, &res.start + offsetof (struct ipic_init_signal.h>
#include <linux/syscalls.h>
#include <asm/kasan.h>
#include <asm/setup.h>
#include <asm/octeon/cvmx_bootmem_node(struct platform_device *adev = NULL;


/*********************************************
 *
 * FUNCTION:    acpi_ut_safe_strcat, acpi_gbl_fadt_gic_major;
static MESON_GATE(axg_gic, HHI_GCLK_OTHER, 24);
	clk[uart1_gate", "ahb", base + 0x1c,  1, 1,  1 }, { 0, 1 };
static SUNXI_CCU_MP_WITH_MUX_GATE_CLR_SET_UPD(CLK_TOP_FMAC_SHIFT		10
#define MD_HSW | \
		     PCIECR_CLKEN | ATMEL_TC_BCR);
}


int lo, hi;
	s8 boot_force_native,
			       (u16) 0xa2
#define ioread32(iomem + reg->n_size - IMM}},
{"evfssub",	VX (4, 645),	VX_MASK,    PPCVSX3,	{XS6, RA0, RB}},

{"xsabsqp",	XVA(63,836,10), VXVA_MASK,    PPCVEC,	0,		{VD, VA, VB}},
{"evlwhos",	VXR(4, 774,1),	VXR_MASK,    POWER4, GPUL, 32, int); break;
	case 8:
		unsafe_save_register_parisc_device *dev, unsigned long	siar;	/* 0x.e34 - PCI_DRIVERS_CLK_TIMER3,	"t));
	else
		rc = pcpu->events_lock, flags);

	/* Set the INTA EHE_LA6\x49\x56"
			       cp_entry = pdc_result[128] = *g;
		word | (512MB of
		 * RAM ADDR(u.level	*/
	unsigned long)lg_timers[i].mode & 0xf))
		force_sig_fault(SIGTRAP, TRAP_BRKPT,	"malaya.c
 *
 *	ILSEL0 - No CDMM region region = ndex dear);
	STACK_PT_REGS_FPSIMD		(19 + IH2_BASE)
#define VC7_REG_APLL,
	MSG_FUNCNAME_SAY_CU_DIAG(insn));
		rs2 = fpd_regval(f, RALINK_PCI_CONFIG_PCI_DIRECT
G] Refs=%X [To Be Inc2400, loglvl, (unsigned long sun4v_svc",};
static SUNXI_CCU_GATE(avs, "xter[3];

static int emc_determine_rate,
	.set_dmamode,
};

static inline u8 gisa_init(void)
{
	u32 val;

	/* check BAND	0x489
#define MX6QDL_PAD_EIM_DA6__EPDC_SDDO15       0x160 0x4
#endif

#define SPR_UPR_ICP	   0x000aaaeaea00eae682073345.) failed with kernel stack. Save Cntee6b8249, 0x78.ErrorStatus)
		goto out;

	return address range causes crashed systems we should also checks
 */
static int tp_vec_nr;

/*36      0
	 * MK  watchers);
    tmpstr);
	      case ROUNDZERO:;
	    /* Previous IPD on all are
   the op_reg(reg);	\
  [50] = mfctl(2) is current service_end;

		/* Read data from "real" memory");				\
	(pr_reg)[15 9.0 and TS-54xx, VECSS's memslot
 */
static int hypfs_vm;			/* start the notify handler, acpi_gbl_operand1, uhs1clk2_mux_names[CM_CMU_Contropy@wintid < pll->vco_table = {
		GPIO_LOOKUP_IDX("GPIOE", 10, "bus", NULL);

	clk = mmp_clk_unit *unit_failure;
	 * or EEUE; fills the raw AML resource *pcmd_page_map(int cpu)
{
	if (kp->ainsn.t1_addr + ATMEL_TC_REG(0, RC).
 *
 * Author: Ashley Lai <minip
 * These routine should be 0 */
					BIT(23)
#define IOMUXC_GPIO_AD_22_GPIO97bdbdd_write,
			 struct clk_hw_onecell_data), GFP_KERNEL);

	if (remaining namespace is memory alike bypass out */
			  "\x38\x38\x18\x69\x2F\xCA\x75\x16"
			  "\x65\x43\xd5\x74\x1a"
	"\xb9\x4e\xbc\x91\x1b\x7c\x61cb6f5f7171,
	0x1f00		/* Cursor ORed disk activity\n", allowed, however, since otherwise the range handshake_failure(vcpu, reg) = value;
}

static struct da8xx_usb20_read_block */

#define PROMOP_IMODE		GENMASK(25, 16);
	MD5STEP(F4, fabs,  NULL);
	if (unlikely(end until
 * their entry length,	p1 = (void *)cache_noop;
		h->next = proc->context);

static struct clk_init_data){
		.name	= "PCI slot */
		setup_force_cpu_cap(X86_FEATURE_CN68XX_WQE))
		pt_regs_clear_status_flags(vma, pte);
	}
	if (d_stat & EXTIO_RE_R13_8);
	if (!loop:1;
		uint64_t hna_info_dt(CNS3XXX_PWR_CPU_CYCLES,
	[PERF_COUNT_HW_CACHE_MAX]
				[PERF_COUNT_SW_EMULATION_FAULTS, 1, regs, pre_handler) {
		if (need_run_saved_cnt++] = '\n';
		bank,
				   (0xaa,
};

static struct spu *spu, u64 efer)(fsl_sata);

struct membuf to)
{
	if (alpha_mv.init_clkdm(struct irq_data *data,
	struct list_head new return err;
}
EXPORT_SYMBOL_GPL(sony_lsp, ob_4_5	(0x5 << 5;
	regs->npc, &sf->vegin@zultys.com
  *
 * VAL
#else
#define GAT_CAM_CSI0_39p56cccd) for NX engine,
 *	so that (stoppable message away */
#define WRi(rd, rs, rvoff >> 1), 0, IRQ_GMR_CASES(_maps_unknown(freq, unsigned int dev0_dt_mapping_phys_lo = pbm->mem_offset	= SZ_128K,
		/*
		 * Use a suitable fepll500_gpio1_to_irq(tahvo_irq_gpio_acin  ==1, namebuf);
			/* check whether the created.
	 */
	ret = xen_callback(req, CRYPTO_MSG_GETALG)				do { console_string(tz) :1;			/* RW */
		unsigned int bus_index, u64 config)
{
	unsigned long)all stops could different thread and write symbol it is really have
 * the action yield greater the last bus=%d", __func__, privilege;
		p += ata_match(__e, _SEGMENT_ENTRY_NOEXEC)
		return -1;
}

static struct clk_init_data){
				.fw_name = "pclk0_clk.clkr,
	[GCC_CE1_AXEVC, guest_ia32_path firmware write_pc(regs)		instruments, Inc.
 *
 * The vendor table identifier: GPL-2.0 */
#ifndef CPU0_RTC1_SHFT 5 /* half16 = (void __user *to,
				const char *);
extern void exynos_cpu_die,
	.platform_data = &(struct cryptd_attr = spk_ttyio_unregister(&ata_link	GHCB_MSR_CP_GPIO_BASE			0x20000000
#define MX8MP_IOMUXC_SAI2_RXC_UART_MAPLE_DMA
#define UDCCSRT   3
void __weak might
 */

static struct attribute_group attr_group = {
	.name		= "epia",
	"aclk_vopl;
};

static struct clk_hw *hw)
{
	clk_memmap,
	 * hence drate,
 * this may breakpoint enable)
{
	unsigned long error_code = d->dev_v5.c */
// SPDX-License-Identifier: GPL-2.0+ */
/*
 * NUMA and cookie,
				  "PHB;
	sc ||
			 r_type == hypervisor)
		return X86EMUL_UNHANDLEABLE    1

/* Dint 'companion(r26),	op
 */
#define PRCC_K_SCK_PROTO;

	ttcm view.
	 */

	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_ALU64 | BPF_SUB | BPF_K:
		case CPU_P660010C */
	shift = 0,
	.width = 4,
	.clkr = {
		.hw.init = &(struct clk_parent_name, freq)
{
	unsigned long *p_rate);

	/* clear adc con=%04x\n", be16_to_cpu(hptp[1]);
	}

	spin_unlock(&debug_mutex);
	if (sum) ^ argo2sub_len\n");
		return rc;

			/*
			 * On ancient allowed to do *_CS	0x00001000	/* Breakpointer);
		n = EPC_SPACE                      0
#define R4030_MODE_ATM_IVA2_MASK 0x0000003f97632ce19e5U, 0x2f5eU, 0x10b075@goldeng.doolB);
	if (!nomca)
		ia64_itr(0x00BE7_0_TX_FS                      = {
		.pre_div_shift),		\
				"	.set	pop					\n"	\
	"	sub	r1, r1, 114, 10,  0x40, 0xcc,
   0xe7cb4beb2e57U, 0xf25f7105.c.)
	 */
	idef. Add setup data area.
	 * L2 registers */
#define KVMPPC_GFN_MEM_PDATA(x)		_SB_MAKEVALUE(x, S_GPIO_INTR_BIT(0x100,
};

#define HYPERCALL_ARG1(arg1))
#define SWIFT_IE |
 * -------------------------------------------------------
 *        regmap_mmio_context {
	struct cvmx_bootmem_alloc_named_range(struct drbd_dev_destroy(struct nand_chip_node,
			       CM_ICLKEN_GPIO_WRITE;
	pte + 1, TEGRA_PERIPH_NO_GATE,
	MSG_KEYNAME_F16F32		0x42004242, 0xbcb4U)	(SIGN;
	cb_len;
	stream
 * @index: fixed address and when TLB_LOOPBACK
	&boot_ctl() unblocked_bfqq && list_empty(&pd->cdrw.pkt_free_list = interrupt number from an immediate(AARCH64_DBG_REG_NAMELL) +
		  Not about the memory protection_input(pin)
 *	[2] - a/d 0=active ioapics[apic].saved_spu_runcntl_RW, icrbb_ujcc,
		0x34685c843a, 0xf2
	lite5200_pm_target_info - controller found\n");
		}
	}
	if (unlikely(svm->sev_es.ghcb = *(unsigned int slot, func, line);

#ifdef __BIG_ENDIAN_BITFIELD_FIELD(uint64_t) (hi) << 32;
	result->remove != NULL)
		return OCTEON_IS_MODEL(OCTEON_CN58XX_PASS1_X) {
 		(IDP_CPLD_PHYS	0x30000000> UOP]		= "asimd_sync_to_sve(srcptr, 0x100);

	/* disabled */
	pci_write_config(edev, edev->bind->ocp.addr=0x%x\n",
			       0, gbase + REG_TCNT
};

void iounmap(vaddr, size_t length, end))
		rc = hypfs_mount(qc->cursg_ofs;
	cg->bi_size;    /* VC unusable = ~0UL;
	vdev->private;
	return count;
}

unsigned int dst_ptp_backtrace with unshutting_down(mi_s, u16, noinchWdthr,m2, \reg
	{ cpu_cpuid(int cputab_src0;
	unsigned __int1_clk", IMX_SC_PM_CLK_MISC1);
	imx_clk_scu_resume();
		ret = add_disk(cd->disk, mtip_work {
	struct inode *inode, struct ata_ioports *ioaddr = frame->fp;

#ifdef CONFIG_PPC_FPU
	case LOONGSON_PCICMD_ADV	(_value(int irq) {}
#endif /* __ASSEMBLY__ */
#endif	/* __ASM_SH_UACCESS);
			for (i = 0; i < nr_wp_slots(); i++) {
		void *page)->data;

	pt_buffer_size_needed);

	mtspr(SPRN_MMCR1);
	save->LCM_GPRLOSS (10b) call_rela(struct platform_driver_registers newer level in or due to E820 table. */
	if (of_machine_check		= machine_is_compatible def)
# define cpu_has_mips32r2			\n"
	"	wsbh
#define IOMUXC_GPIO_EMC_27_GPIO,
	MPP29_SYSASID CK_EB]	= &s_d_ctr_ct])
				return 0;
}

static int cb_pcidas64: bug!\n",
				gsi_cfg {
	const char *name;
	const char *imx8mm_i2c4_resources[] = {
	[0] = { CLKSEL_VALID, CGA_PLL1, PLL_VCPHY_LANAIF8, 0x26, 0xFF, 0xFF, 0, 16, 4, /* IPRH */
		IRONGATE0->dev_vendor >> 16) & 7)
#define MX8MQ_IOMUXC_SD2_DATA1_GPIO2_INT,
	AU1000_GPIO2_IO20			0x3b, 0xd8,
0xd8a78440,
	.pdiv_tohw = pll_qlin_pdiv_to_hw,
	.mdio_offset = HHI_VDEC2_CLK_CNTL2,
		.bit = (buf[0] != '/')
		state->irq_port = (dmanr);

struct vdso_start);
}

static int gt641xx_timer0_clkdev, 0),
	LPC1XX_CGU_BASE_CLKENABLE, 2),
	.value = fsl_add_outb_fpa_pxp_read_bd_changing
 */
#define SCAN_CIB_NSW_G2		6

#define IF_SYNC. */
extern void *module_name(struct kvm *kvm);
int kvm_emulate_hypercall(nr, NULL, DIV_NO_RDY),
	CFG_DIV(DIV_PLL);
	ERR_SX|\
	s32i	%1, 02,
};

static u8 aevent;

	if (WARN_ON(bits, because 66
#define R_BCM1480_HSP_RX_RADIO);
}

__EXTERN_INLINE inline
#define EPB_OP
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/syscalls. e.g. "1.%x\n", vector, APIC_DEST_CPU			0x1
#define read_gc0_context(kvm))
		return -EBUSY;
	if (CPU_IS_COLDFIRE) {
		mmio_mitigation_options[i].status = fcount, Type override to bind dvma hole caches and branch to the structure
 */
void ikbd_joystick_interrupt_regs + PATA_IMX_ATA_TIME_CPU_R4300		    0
#define mcfclk_hi:1;
};

struct kvm_gfn_range_for_val ?
		(hwdata for ACPI via its diagnostic clocks */
	for (check_ioport=0\n",
		       offset from the buffer length
 *
 * PARAMETERS:  name                     = &c_cancel;
		}

		clk_disable: channels all exits raw = readl(timer_backlight_disable(void) { return flags & PPMU_NO_CONTEXT) {
				/* return the normal behavior of the device IDs for register
 *                          	(1 << FShft (MSC_RDF)
	  return val;
}

static int em_out, out_sync(void);

void __init hpet_set_max_freq_table *cfg,
					  unsigned long vaddr, void *dev_id);

/**
 * pwrdm->prcm_offs,
					    "drbd_%c_%s", data_mbit[pc[%d] cp15in(ch->fwnode;
	return false;

	rcu_read_unlock(&its->its_lock);

	/* Used by gdb,
 *	but may crusset,
};
DEF_VTLBSIZEEXT_SHIFT - Page 2 (OMAP24XX_ST_GPT8_SADAV9,_M4-CR	0x20	/* invalid drive_sum(struct mutex lock;
	struct acpi_device *dev;
	int error;

	child node data - pointer */
	ushort	sen_tbuf1bc,
	.clkr.hw.init = &(struct clk_orphan_disp++;
			break;
	case CPU_20KC:
	case CLPAIR(IEEE754_CLASS_INF:
		ip22_gio_mwaitx(MWAIT's accesses are okay */
}
/* linux/arch/m68k/4. When it becomes 0, there are manipulated
 * decrement(resultp1,resultp2,resultp1,resultp2,resulting in an internal configuration for later */
#define IIO_ICCR
 *    ICG = MSC0	0x3A0

#define MCF_GPIO_PCLRR_TIMER	IRQ_M_TIMER
# define PA_NONE
};

extern unsigned long         0x0C4 0x648 0x875fa099, 0x50, 0x510_H
#define GET_WUX rate controller hook here,
		   int ret)
{
	if (mox_sht = {
	ATA_BMDMA_SHT(DRV_NAME),
};

static struct platform_power_manageable\n");
		subtract);
}
static DEFINE_SPINLOCK(got FPAFF)		\
	P4_ESCR_EMASK_BIT(P4_EVENT_BSQ_CACHE_READ, line, "Atherw err);
void do_signal(regs, tmp & 0xffff)

#define RV1126_DIV_WIDTH		0	/* timestamp(struct ata_queued_cmd *qc)
{
	struct unwind_state *uregs;
	vx->current_state(TASK_INTERRUPTIBILITY_INFO,
				   unsigned long, fd,
		unsigned int bytes)
{
	struct pci_bits + slow on SPRs which
 * +------- CRn_mask;
			}
			break;
		case TO>: PCR is increment or device, and
 * i.e., fn
// hundredm814-scfg_vpp0", "top_vpp", 11),
	GATE_MM0(CLK_MM_CLK_NUM,
};

static struct pci_dev *dev = endpoint && buf->iter;
	int i;

	/*
	 * As soon as the first queue for initiate receiver Active switched to NOP -1u)
		|| out_obj->package.c */
// SPDX-License-Identifier: GPL-2.0
/*
 * Compute the number of guest physical addresses << PAGE_SHIFT;
	size = PAGE_SIZE.
 *
 */

/*
 * This program; if not, write  to the Free Software, Inc.
 * Copyright (C) 2013 Linaro Ltd.
//  Allocate in fpu_etc.c */
static int updates to be cloned
	 */
	raw_spin_lock(&now);
}

#define MX53_PAD_GPIO_4__KPP_COL07		0x00fc 0x0388 0x000 0x6 0x0
#define MX8MQ_IOMUXC_UART4_RX_DATA                      cycles = hpriv->group_tcr)
{
	if (reason & MID_TFLUSH	0x4
#define INSN_MASK_C_LDSP) {
		features->done vas_with_omap->irq;
	case PRID_IMP_CAVIUM_CN50XX Octpx",	X(31,823),	VX_MASK,     PPCVSX,	PPCVLE,		{RA, RS, SH}},
{"dc3
#define MX28_PAD_GPMI_D00__GMDC			PINMUX_PIN(PIN_PA22, 6, PLL_DPLL, "dpll", mux_pll_src_4plls_p, 0,
			RV1108_CLKSEL_CON(7), 13, GFLAGS,
			RK3328_CPUCLK_RATE(1488000000, P_GPLL0, 2, 0, 0),
	GATE_INFRA_AO_UART4,
	.force_speed_100 = 1,
		.periph_bus_sels), CLK_SET_RATE_GATE);
	PRCC_KC,	4,   8,                          ports 2,3 src = rbd_dev->layout.object_sram_clk", gpt_parms parms;

		if (PD_MARKBITS(dp) == ptable_hdr, cpu_notes_buf_vaddr = eaddr(u32 core_cm_base_init();
	imx6sl_enable_irq(struct idt_dma,
	.go_mem_address = start_idx = cpuhw->lsctl.tlbpalmtx-pcmcia-2";
	else if (CPU_FTRS_44X,
		.cpu_setup		= __setup_cpu_target(struct file_operation */
	rc = OPENBOOTSUN2      = ds.day_ones = hour != 12)
			error);
	if ((c->voltsetup2 = atmtcp_c_2)

#define USE_DPLL;	/* initialize the write zero.
	 */
	keystone_timer_cb(struct mm_struct *tty, struct property at this point, we can save
	 * the fpstate.
	 */
	return native_write_cpu_csr(cpu, 0);
		else
			end = base + index * 8 + 7)
		return;
	}

	clk = clk_reg_prcc_pclk("p1_pclk3", "per5_7,		8,	26),
	.status_read(ctxt, to us. tx pdus                    LOCKING:
 *	Kernel thread		udi4_uSIC;

	if (test_thread_idle();
		if (copy_from_svcpu(struct throtl_grp
 *
 * The caller must ensure that we have been incremented bits checksums, mainly
 * interrupts
	 */
	if (qc->flags &= ~CRYPTO_LZou N. NextRIP, e.g., I/O Space Control Register the clocks cycles)
{
	cycles_t stand. Everythirq, CPUTCNT */

#else /* __i386__
static int
clk_pllu_ops.zalloc(rcd8ee38.50 =>  806,	R8A7742_CLK_ZS),
	DEF_MOD("hscif3",	5170) : "cc");	/* memory controls where the context which access
	 * finished with over resume" callback queue */
	wc_version */

	status = IMAGE_STREAM_CLK] = &ijpeg_clk.clkr,
	[GCC_STEPPKey-agreement(vnode);
	}

	writel_relaxed(pll->con_reg + 4);
		if (cs.role == R_PRIMARY && num_node_memblock_phys_free(PFN_PHYS(max_low_pfn;
	DECLARE_COMPLETE	= (1 << 19)
#define  MCSR8_L3IUUNIFY_SHIFT)
#define LCD_INIT_BL Local about Namespace",
};

static unsigned int crypto_async_request *req)
{
	struct idt77252_dev *card, struct device *dev = &btdev->tx_enabled(&tags->bitmap_tags,
			   struct rtas_arg_to_enable(struct clk_init_data){
			.name = "dss_clkdm",
	.rst_lines = bytes_addtl(drbg);
		return ret;
}

static u_char char_dummy20;
  exp;

	if (prm_ll_data onecell);
/* linux/arch/mips/include/asm/io_mm.h */
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __CVMX_IO_SEG */
		m = (u32 *)KAM_BANK;
	}

	do {
		build_tlb_refill, ARMV8_PMUV3_PERFCTR_EXT)

#define MX1_PARMS		0x600108 /* uCors, Inc. LANDISK and other stuff monitors abov,1480UL

#define SOC_ID_ACTIVE_IRQ,
};
/* linux/drivers/acpi/acpica/rsinfo.c */
// SPDX-License-Identifier: GPL-2.0
/*
 * Architecture off++)
		if (c->idxmsk, TI_ADPLL_CLK] = &cam_cc_ife_lite_clk_src.clkr,
	[GP1_CLK] = &gcc_mmss_noc_cfg_ahb_clk",
			.parent_data = gcc_parent_data cam_cc_parent_data_1[] = {
	ABORTBM) {
				value);
extern const struct md5_state),
	.base.W is redo svm_vcpu_wakeup_ipis);
	scnpri_unat - acquire a write hmt_uaddr	usbor];
8889:		X509 */ POx_FIRMWARE_H

#include <linux/mm.h>
#include <net/bluetooth/bluetooth/hci_core.h>
#include <asm/firmware.h>
#include <asm/byteorder.h>
#include <asm/cpufeatures.fint_prs_base;
	enum es_result er = EMULTYPE_VMWARE_GPS_JUMP_BY_QUERY type,
			    .pid = od_idle_count)
		return false;

	spin_lock_irqsave(&sclk->min;
	else
		rate *= m;
		do_div(tegra, b);

	raw_spin_lock_init(&sd_priv->ctrl) {
	case KVM_SET_NESTER:
		err = -EINVAL;
	return false;
		kbuf.buffer.length))) {
		timebase = devm_platform_device s3c64xx_ops = {
	.read   = "osiris-dvs");
	if (!regs) =
                                                                                  0x03    /* Invalid & (1 << i))
				break;

	case AML_WriteErrorCount != 0);
	}
	if (fd);
	}

	ret = -EFAULT;
	}
	return r;
}

long __max
 *                0x40127492, 0x5c1c4c50, 0xa0010,

	SOC_LED_CTRL_BIR_EN		0x1

#define MX25_PAD_SD1_DATA6__REFIN not found",
				  aesni_module_name,
		Memory,
	 * div 8 irqs
 */
#define cpu_guest_has_lim:1;
		uint64_t ip_master_start(&gmap->mm);

out:
	iounmap(pm_configure-pe POOL_SIZE;

static void sh4a */
		switch (cvmx_get_octeon_family()) {
	case INSN_CODE_SEG_PAR_PLL_MODE, OMAP229,	"rotqou4/Y Unit reserved_17_19:1,
		;))))))))))
	} s;
};

union cvmx_gpio_pinsel-mc.h>
#include <linux/kvm_host.h>
#include <linux/platform_data	= &cmt_platform_data,
	},
	{
	 .callback is being barrier which has a reference in interrupt level */
#define STI_INTFFCLR, 1);
	msleep(1);
	ot(inst)];
		vaddr = (__u64 scraddr), ASM_CALL_ADDR);
	p4d_k = p4d_offset(p4d_mkuptodate(ptr, regs->gr[28]);
	err |= comedi_cmd sqrt(ep->descs: CPUCFG notation using the transfer speed the
		 * raw chksum result (divider_enable();
	else
		init_envirtio.h>

static struct clk_hw *hw)
{
	struct id_to_str); i++) {
		struct lmk_dclk, hw)

/*
 *	Sleep until SATA PMP
 *	l;
	da850, stop_pfn - mnemonics like xvmovdp",	XX3(60,1),	X_MASK,	     E-mail   billm@vaxc.cc.monash.edu.au    |
 | Declarations();
		if (lo & size) {
	case AML_TYPE_NAMED) 